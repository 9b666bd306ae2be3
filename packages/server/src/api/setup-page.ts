import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { minPasswordLength } from '../auth/passwords.ts';

/**
 * `GET /setup`: the page the first run's link opens, until the web UI has its own. The token travels in
 * the link's fragment (`#token=`), which browsers never send to a server, so it is in no access log or
 * Referer; the page's script reads it and posts it with the form to `POST /api/v1/setup`.
 */
const page = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>notify-bridge setup</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin:.8rem 0}input{display:block;width:100%;padding:.4rem;font:inherit}
button{margin-top:1rem;padding:.5rem 1rem;font:inherit}#status{margin-top:1rem}</style>
<h1>Set up notify-bridge</h1>
<p>Choose the name and password of the first admin.</p>
<form id="setup">
<label>Name <input name="name" autocomplete="username" required maxlength="64"></label>
<label>Display name (optional) <input name="displayName" autocomplete="name" maxlength="200"></label>
<label>Password (at least ${minPasswordLength} characters)
<input name="password" type="password" autocomplete="new-password" required minlength="${minPasswordLength}"></label>
<button>Create the first admin</button>
</form>
<p id="status" role="status"></p>
<script>
const token = new URLSearchParams(location.hash.slice(1)).get('token');
history.replaceState(null, '', location.pathname);
const status = document.getElementById('status');
if (!token) status.textContent = 'This page needs the link the server printed (it ends in #token=...).';
document.getElementById('setup').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = { token, name: form.get('name'), password: form.get('password') };
  if (form.get('displayName')) body.displayName = form.get('displayName');
  const response = await fetch('/api/v1/setup', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-notify-bridge': '1' },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  status.textContent = response.ok
    ? 'Done: ' + answer.name + ' is the admin and signed in.'
    : (answer.error && answer.error.message) || 'Setup failed (' + response.status + ').';
});
</script>
</html>
`;

export async function setupPageRoute(app: FastifyInstance): Promise<void> {
  app.get(
    '/setup',
    {
      schema: {
        tags: ['accounts'],
        summary: 'The first-run setup page the printed link opens',
        description: 'HTML. The link carries its token after `#token=`, which never reaches the server.',
        security: [],
        response: { 200: Type.String({ description: 'text/html' }) },
      },
    },
    async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header(
          'content-security-policy',
          "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'",
        )
        .header('referrer-policy', 'no-referrer')
        .send(page),
  );
}
