CREATE TABLE t (
    a int DEFAULT 0, b jsonb DEFAULT '{}', c boolean DEFAULT true, d text DEFAULT 'x',
    e numeric(10,2) DEFAULT 1.5, f int[] DEFAULT '{}',
    h bigint DEFAULT -1, i text DEFAULT NULL, j date DEFAULT CURRENT_DATE
);
