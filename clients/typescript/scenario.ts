// The TypeScript client proven against a live API: openapi-fetch typed by the generated src/schema.d.ts.
// Registers and logs in a new user, opens accounts, moves money (with an Idempotency-Key replayed), reads balances,
// pages through the transactions, values the portfolio, reads problem documents as typed errors, and rotates the
// refresh token until its reuse is detected. Every step asserts what API.md promises; the first failure ends the run
// with exit code 1.
//
// Usage: node dist/scenario.js http://127.0.0.1:8080   (or PT_API_URL=…); build/test.sh runs it on a fresh database.
// Requests are addressed by path (stable across versions of the document), never by operationId.
import { randomUUID } from 'node:crypto';
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './src/schema.js';

type Schemas = components['schemas'];
type Problem = Schemas['Problem'];
type Transaction = Schemas['Transaction'];

const baseUrl = process.argv[2] ?? process.env['PT_API_URL'];
if (!baseUrl) {
  console.error('usage: node dist/scenario.js <API base URL, e.g. http://127.0.0.1:8080>');
  process.exit(2);
}

class AssertionFailed extends Error {}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new AssertionFailed(message);
  }
}

function equal<T>(actual: T, expected: T, what: string): void {
  check(Object.is(actual, expected), `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** The successful body of an openapi-fetch answer, after checking its status. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }, status: number, what: string): T {
  const { data, error, response } = result;
  check(response.status === status && data !== undefined,
    `${what}: expected ${status}, got ${response.status} ${JSON.stringify(error ?? data)}`);
  return data;
}

/** A problem answer: its status, media type and RFC 9457 members as API.md describes them. */
function problem(result: { error?: Problem; response: Response }, status: number, code: string, what: string): Problem {
  const { error, response } = result;
  check(error !== undefined, `${what}: expected a ${status} problem, got ${response.status}`);
  equal(response.status, status, `${what}: status`);
  equal(response.headers.get('content-type')?.split(';')[0], 'application/problem+json', `${what}: content type`);
  equal(error.status, status, `${what}: problem status`);
  equal(error.code, code, `${what}: problem code`);
  equal(error.type, `urn:portfoliotracker:problem:${code}`, `${what}: problem type`);
  check(typeof error.title === 'string' && error.title.length > 0, `${what}: problem title`);
  check(typeof error.traceId === 'string' && /^[0-9a-f]{32}$/.test(error.traceId), `${what}: problem traceId`);
  check('detail' in error && 'instance' in error && 'errors' in error, `${what}: every problem member is present`);
  return error;
}

/** Exact sum of decimal strings with `decimals` fraction digits (no floating point, as a client should do). */
function sum(values: readonly string[], decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const total = values.reduce((acc, value) => {
    const negative = value.startsWith('-');
    const [whole = '0', fraction = ''] = value.replace('-', '').split('.');
    const units = BigInt(whole) * scale + BigInt(fraction.padEnd(decimals, '0') || '0');
    return acc + (negative ? -units : units);
  }, 0n);
  const sign = total < 0n ? '-' : '';
  const abs = total < 0n ? -total : total;
  return `${sign}${abs / scale}.${(abs % scale).toString().padStart(decimals, '0')}`;
}

let accessToken = '';
const bearer: Middleware = {
  onRequest({ request }) {
    if (accessToken) {
      request.headers.set('Authorization', `Bearer ${accessToken}`);
    }
    return request;
  },
};
const api = createClient<paths>({ baseUrl });
api.use(bearer);

let steps = 0;
async function step(name: string, body: () => Promise<void>): Promise<void> {
  await body();
  steps += 1;
  console.log(`ok ${steps} - ${name}`);
}

async function main(): Promise<void> {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
  const email = `ts.scenario.${suffix}@example.com`;
  const password = 'Passw0rdTs';
  let userId = '';
  let refreshToken = '';

  await step('register and log in (e-mail case-insensitive)', async () => {
    const user = ok(await api.POST('/api/v1/auth/register', {
      body: { username: `ts_${suffix}`, email, password },
    }), 201, 'register');
    equal(user.email, email, 'registered e-mail');
    equal(user.role, 'user', 'role');
    userId = user.id;

    const wrong = await api.POST('/api/v1/auth/login', { body: { email, password: 'Wr0ngPassword' } });
    problem(wrong, 401, 'invalid_credentials', 'login with a wrong password');

    const pair = ok(await api.POST('/api/v1/auth/login', { body: { email: email.toUpperCase(), password } }), 200, 'login');
    equal(pair.tokenType, 'Bearer', 'tokenType');
    check(pair.expiresIn > 0, 'expiresIn is positive');
    equal(pair.user.id, userId, 'logged-in user');
    accessToken = pair.accessToken;
    refreshToken = pair.refreshToken;

    const me = ok(await api.GET('/api/v1/users/me'), 200, 'users/me');
    equal(me.id, userId, 'users/me id');
  });

  let main = '';
  let savings = '';
  await step('open two accounts; a duplicate name is a typed 409 problem', async () => {
    const created = await api.POST('/api/v1/accounts', { body: { name: 'Main' } });
    const account = ok(created, 201, 'open Main');
    equal(account.baseCurrency, 'USD', 'default base currency');
    equal(account.status, 'open', 'account status');
    check(created.response.headers.get('location')?.endsWith(`/api/v1/accounts/${account.id}`), 'Location of the account');
    main = account.id;
    savings = ok(await api.POST('/api/v1/accounts', { body: { name: 'Savings', baseCurrency: 'USD' } }), 201, 'open Savings').id;

    const duplicate: Problem = problem(
      await api.POST('/api/v1/accounts', { body: { name: 'main' } }), 409, 'account_name_taken', 'duplicate account name');
    check(duplicate.errors === null, 'a conflict has no field errors');
  });

  await step('credit; amounts are decimal strings rendered with the asset\'s decimals', async () => {
    const credit = ok(await api.POST('/api/v1/transactions/credit', {
      params: { header: { 'Idempotency-Key': `credit-${suffix}` } },
      body: { accountId: main, asset: 'USD', amount: '100' },
    }), 201, 'credit');
    equal(credit.type, 'credit', 'transaction type');
    equal(credit.status, 'completed', 'transaction status');
    const own = credit.postings.find((p) => p.accountId === main);
    equal(own?.amount, '100.00', 'credited amount');
    equal(own?.balanceAfter, '100.00', 'balance after the credit');

    const tooPrecise = await api.POST('/api/v1/transactions/credit', {
      body: { accountId: main, asset: 'USD', amount: '1.001' },
    });
    const invalid = problem(tooPrecise, 400, 'validation_failed', 'an amount with more decimals than USD has');
    check(invalid.errors?.['amount']?.length, 'validation errors name the field');
  });

  let transfer: Transaction | undefined;
  await step('transfer with an Idempotency-Key, replayed: same transaction, Idempotent-Replayed: true', async () => {
    const key = `transfer-${suffix}`;
    const body = { fromAccountId: main, toAccountId: savings, asset: 'USD', amount: '25.50', description: 'to savings' };
    const first = await api.POST('/api/v1/transactions/transfer', { params: { header: { 'Idempotency-Key': key } }, body });
    transfer = ok(first, 201, 'transfer');
    equal(first.response.headers.get('idempotent-replayed'), null, 'the first answer is not a replay');
    equal(transfer.type, 'transfer', 'transfer type');
    equal(sum(transfer.postings.map((p) => p.amount), 2), '0.00', 'postings sum to zero');

    const again = await api.POST('/api/v1/transactions/transfer', { params: { header: { 'Idempotency-Key': key } }, body });
    const replayed = ok(again, 201, 'replayed transfer');
    equal(again.response.headers.get('idempotent-replayed'), 'true', 'Idempotent-Replayed header');
    equal(replayed.id, transfer.id, 'the replay answers the same transaction');
    equal(JSON.stringify(replayed), JSON.stringify(transfer), 'the replay answers the same body');

    const reused = await api.POST('/api/v1/transactions/transfer', {
      params: { header: { 'Idempotency-Key': key } },
      body: { ...body, amount: '1.00' },
    });
    problem(reused, 409, 'idempotency_key_reused', 'the key with another body');
  });

  await step('insufficient funds is a typed 422 problem and changes nothing', async () => {
    const refused = await api.POST('/api/v1/transactions/transfer', {
      body: { fromAccountId: main, toAccountId: savings, asset: 'USD', amount: '1000.00' },
    });
    const typed: Problem = problem(refused, 422, 'insufficient_funds', 'transfer beyond the balance');
    check(typed.detail, 'the problem has a detail');
  });

  await step('balances', async () => {
    const mainBalances = ok(await api.GET('/api/v1/accounts/{id}/balances', { params: { path: { id: main } } }), 200, 'balances');
    const usd = mainBalances.items.find((b) => b.asset === 'USD');
    equal(usd?.amount, '74.50', 'Main USD amount');
    equal(usd?.available, '74.50', 'Main USD available');
    const savingsBalances = ok(await api.GET('/api/v1/accounts/{id}/balances', { params: { path: { id: savings } } }), 200, 'balances');
    equal(savingsBalances.items.find((b) => b.asset === 'USD')?.amount, '25.50', 'Savings USD amount');
  });

  await step('transactions: follow nextCursor to the last page, newest first, each once', async () => {
    for (let i = 1; i <= 5; i += 1) {
      ok(await api.POST('/api/v1/transactions/credit', {
        body: { accountId: main, asset: 'USD', amount: `${i}.00`, description: `top-up ${i}` },
      }), 201, `top-up ${i}`);
    }
    ok(await api.POST('/api/v1/transactions/credit', {
      body: { accountId: main, asset: 'BTC', amount: '0.01', price: '60000.00' },
    }), 201, 'BTC deposit');

    const seen: Transaction[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = ok(await api.GET('/api/v1/transactions', {
        params: { query: { accountId: main, limit: 3, ...(cursor ? { cursor } : {}) } },
      }), 200, `page ${pages + 1}`);
      check(page.items.length <= 3, 'a page holds at most limit items');
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages += 1;
      check(pages <= 10, 'the cursor ends');
    } while (cursor);

    equal(seen.length, 8, 'transactions of Main (credit, transfer, 5 top-ups, BTC deposit)');
    equal(pages, 3, 'pages of 3');
    equal(new Set(seen.map((t) => t.id)).size, seen.length, 'no transaction twice');
    check(seen.some((t) => t.id === transfer?.id), 'the transfer is listed');
    const times = seen.map((t) => Date.parse(t.createdAt));
    check(times.every((time, i) => !Number.isNaN(time) && (i === 0 || time <= times[i - 1]!)), 'newest first');

    const badCursor = await api.GET('/api/v1/transactions', { params: { query: { cursor: 'not-a-cursor' } } });
    problem(badCursor, 400, 'validation_failed', 'a malformed cursor');
    const badLimit = await api.GET('/api/v1/transactions', { params: { query: { limit: 201 } } });
    problem(badLimit, 400, 'validation_failed', 'a limit above 200');
  });

  await step('portfolio in USD: rounded to cents, totals are the sums of the holdings', async () => {
    const portfolio = ok(await api.GET('/api/v1/portfolio', { params: { query: { quote: 'USD' } } }), 200, 'portfolio');
    equal(portfolio.quote, 'USD', 'quote');
    const btc = portfolio.holdings.find((h) => h.asset === 'BTC');
    check(btc, 'a BTC holding');
    equal(btc.quantity, '0.01000000', 'BTC quantity with 8 decimals');
    equal(btc.averageCost, '60000.00', 'BTC average cost');
    equal(btc.costBasis, '600.00', 'BTC cost basis');
    check(btc.price !== null && btc.error === null, `BTC is priced (${JSON.stringify(btc.error)})`);
    const usd = portfolio.holdings.find((h) => h.asset === 'USD');
    equal(usd?.quantity, '115.00', 'USD held over both accounts (100 + 15 of top-ups)');
    equal(usd?.value, '115.00', 'USD valued in USD');
    for (const holding of portfolio.holdings) {
      check(holding.value === null || /^\d+\.\d{2}$/.test(holding.value), `${holding.asset} value has 2 decimals`);
      check(holding.allocationPct === null || /^\d+\.\d{2}$/.test(holding.allocationPct), `${holding.asset} allocation has 2 decimals`);
    }
    const values = portfolio.holdings.flatMap((h) => (h.value === null ? [] : [h.value]));
    equal(portfolio.totalValue, sum(values, 2), 'totalValue is the sum of the holdings\' values');
  });

  await step('no token (401) and an account that does not exist (404) are problems too', async () => {
    const saved = accessToken;
    accessToken = '';
    try {
      problem(await api.GET('/api/v1/accounts'), 401, 'unauthorized', 'no token');
    } finally {
      accessToken = saved;
    }
    problem(await api.GET('/api/v1/accounts/{id}', { params: { path: { id: randomUUID() } } }), 404, 'not_found',
      'an account that does not exist');
  });

  await step('refresh tokens rotate; reusing a spent one is detected and ends the session', async () => {
    const rotated = ok(await api.POST('/api/v1/auth/refresh', { body: { refreshToken } }), 200, 'refresh');
    check(rotated.refreshToken !== refreshToken, 'a new refresh token');
    accessToken = rotated.accessToken;
    ok(await api.GET('/api/v1/users/me'), 200, 'the new access token works');

    problem(await api.POST('/api/v1/auth/refresh', { body: { refreshToken } }), 401, 'refresh_token_reused', 'reusing a spent token');
    problem(await api.POST('/api/v1/auth/refresh', { body: { refreshToken: rotated.refreshToken } }), 401,
      'invalid_refresh_token', 'the newer token of the revoked family');
  });
}

try {
  await main();
  console.log(`TypeScript client scenario: ${steps} steps passed against ${baseUrl}`);
} catch (error) {
  console.error(`not ok ${steps + 1} - ${error instanceof AssertionFailed ? error.message : String((error as Error)?.stack ?? error)}`);
  process.exitCode = 1;
}
