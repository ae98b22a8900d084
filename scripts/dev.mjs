// `npm run dev`: the API server (from the last build; it rebuilds first when sources changed) on
// API_PORT, and vite's dev server with hot reload for the web app in front of it, proxying /api.
// After changing server code, stop and start again to rebuild the API.
import { spawn } from 'node:child_process';

const apiPort = process.env.API_PORT ?? '3001';
const env = { ...process.env, API_PORT: apiPort };
const api = spawn('node', ['scripts/start.mjs', 'serve'], { stdio: 'inherit', env: { ...env, PORT: apiPort, HOST: '127.0.0.1' } });
const web = spawn('npx', ['vite', 'dev'], { stdio: 'inherit', env });
const stop = () => {
  api.kill('SIGINT');
  web.kill('SIGINT');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
api.on('exit', (code) => {
  web.kill('SIGINT');
  process.exitCode = code ?? 0;
});
