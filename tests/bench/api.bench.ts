// The API's cost over a bare Hono route, measured in one run on this machine: what our middleware
// (secure headers, session lookup in the embedded database, locale, access check) adds per request.
import { Hono } from 'hono';
import { TestApp } from '../support/app';
import { measure, ratio } from './measure';

const REQUESTS = 3_000;
const bare = new Hono().get('/api/me', (c) => c.json({ me: { id: '1', name: 'Sara Haddad', role: 'youth' } }));
const t = await TestApp.start('pglite');
const cookie = await t.signIn('youth@demo.wishmi.test');

const baseline = await measure(REQUESTS, () => bare.request('/api/me'));
const me = await measure(REQUESTS, () => t.app.request('/api/me', { headers: { cookie } }));
const health = await measure(REQUESTS, () => t.app.request('/api/health'));
await t.close();

console.log(`bare Hono route:            ${baseline.perSecond.toFixed(0)} requests/s`);
console.log(`GET /api/health (1 query):  ${health.perSecond.toFixed(0)} requests/s, ${ratio(health, baseline)} of bare`);
console.log(
  `api: GET /api/me signed in ${me.perSecond.toFixed(0)} requests/s, ${ratio(me, baseline)} of a bare Hono route, p99 ${me.p99.toFixed(2)} ms`,
);
