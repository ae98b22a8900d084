import { resolve } from 'node:path';

export type Config = {
  port: number;
  host: string;
  /** Where the embedded database and other local state live. */
  dataDir: string;
  /** A PostgreSQL URL; when set, the embedded database is not used. */
  databaseUrl: string | null;
  /** Behind a reverse proxy: trust X-Forwarded-For and X-Forwarded-Proto. */
  trustProxy: boolean;
  /** Where the built web app is, served at /. */
  webDir: string;
  /** The map's tile style (VITE_MAP_STYLE_URL, also read by the web build): its origin is allowed by the CSP. */
  mapStyleUrl: string | null;
  /** Where people reach the app (PUBLIC_URL, e.g. https://wishmi.comune.milano.it): badges name it as their issuer. */
  publicUrl: string | null;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || null,
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    webDir: resolve(env.WEB_DIR ?? 'build/web'),
    mapStyleUrl: env.VITE_MAP_STYLE_URL?.trim() || null,
    publicUrl: env.PUBLIC_URL?.trim().replace(/\/+$/, '') || null,
  };
}

/** Defaults for an app built in a test: no proxy, nothing on disk. */
export const TEST_CONFIG: Config = {
  port: 0,
  host: '127.0.0.1',
  dataDir: '',
  databaseUrl: null,
  trustProxy: false,
  webDir: '',
  mapStyleUrl: null,
  publicUrl: null,
};
