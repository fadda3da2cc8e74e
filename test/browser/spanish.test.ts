import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserSuite, signIn } from '../helpers/browser.ts';
import { PASSWORD, signedIn } from '../helpers/context.ts';

let postId = '';
const suite = browserSuite(async ({ server, org }) => {
  await server.ctx.db.updateTable('users').set({ display_name: 'Lucía Fernández' }).where('id', '=', org.userId('clinician')).execute();
  await server.ctx.db.updateTable('users').set({ display_name: 'Mateo Ruiz' }).where('id', '=', org.userId('patient')).execute();
  const comms = await signedIn(server, org, 'communications');
  const community = (await comms.post('/api/communities', { name: 'Diabetes', slug: 'diabetes', visibility: 'members' })).json.community.id;
  const patient = await signedIn(server, org, 'patient');
  await patient.post(`/api/communities/${community}/join`, {});
  await (await signedIn(server, org, 'clinician')).post(`/api/communities/${community}/join`, {});
  postId = (
    await patient.post(`/api/communities/${community}/posts`, {
      title: '¿Puedo comer fruta?',
      body: '¿Cuánta fruta al día es razonable con mi tratamiento?',
      kind: 'question',
    })
  ).json.post.id;
});

describe('Spanish as a second language', () => {
  test('a clinician who chose Spanish answers a question in a Spanish UI; the choice follows the account', async () => {
    const { server, browser, org } = suite;
    const page = await browser.newPage({ locale: 'en-US' });
    await page.goto(server.url);
    // Chosen on the sign-in page of an English browser…
    await page.getByLabel('Language').selectOption('es');
    // The sign-in page itself is in Spanish now.
    await page.getByLabel('Correo electrónico').fill(org.email('clinician'));
    await page.getByLabel('Contraseña').fill(PASSWORD);
    await page.getByRole('button', { name: 'Iniciar sesión', exact: true }).click();
    const nav = page.getByRole('navigation', { name: 'Principal' });
    await nav.getByRole('link', { name: 'Preguntas' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'ltr');
    assert.equal(await page.getByRole('button', { name: 'Cerrar sesión' }).count(), 1);
    await nav.getByRole('link', { name: 'Preguntas' }).click();
    await page.getByRole('heading', { name: 'Preguntas', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Esperando respuesta' }).waitFor();
    assert.match(await page.title(), /^Preguntas · /);
    await page.getByRole('link', { name: '¿Puedo comer fruta?' }).click();
    await page.getByRole('heading', { name: '¿Puedo comer fruta?', level: 1 }).waitFor();
    // The guard's refusal reads in Spanish too (said again from its id and the identifiers found).
    await page.getByLabel('Tu respuesta').fill('Mi número de seguro social es 123-45-6789.');
    await page.getByRole('button', { name: 'Responder', exact: true }).click();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /no se pueden compartir aquí: número de seguro social/);
    await page.getByLabel('Tu respuesta').fill('Dos o tres raciones al día, mejor enteras que en zumo.');
    await page.getByLabel('Esto responde a la pregunta').check();
    await page.getByRole('button', { name: 'Responder', exact: true }).click();
    await page.locator('.comments').getByText('Dos o tres raciones al día').waitFor();
    // Dates as Spanish writes them (day first).
    const stamp = (await page.locator('.comments .muted').first().textContent()) ?? '';
    const now = new Date();
    assert.ok(stamp.includes(`${now.getDate()}/${now.getMonth() + 1}/${now.getFullYear()}`), stamp);
    await page.close();

    // …and saved to the account: a new browser in English opens in Spanish after signing in.
    const again = await browser.newPage({ locale: 'en-US' });
    await signIn(again, server.url, org.email('clinician'), PASSWORD);
    await again.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Comunidades' }).waitFor();
    // What the app says after an action is Spanish too, not only its labels.
    await again.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Profesionales' }).click();
    await again.getByLabel('Especialidad').fill('Endocrinología');
    await again.getByRole('button', { name: 'Guardar perfil' }).click();
    await again.getByRole('status').filter({ hasText: 'Perfil guardado. Un administrador verifica tus credenciales.' }).waitFor();
    await again.close();

    // The patient reads in English; the answer is there and the notice says so.
    const patient = await signedIn(server, org, 'patient');
    const notices = (await patient.get('/api/notifications')).json.notifications.map((n: { title: string }) => n.title);
    assert.ok(notices.includes('Lucía Fernández answered your question'), notices.join(' | '));
    const answered = (await patient.get(`/api/posts/${postId}`)).json.post.question.answeredAt;
    assert.ok(answered, 'marked answered');
  });
});
