/** The PostgreSQL every machine and CI runs (trust auth). A test that needs it and finds it down fails. */
export const POSTGRES_URL = process.env.VX_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
