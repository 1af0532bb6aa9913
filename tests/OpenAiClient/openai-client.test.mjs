// Drives the running SampleApi with the official OpenAI Node SDK. The server is started by the caller
// (tests/ErrorMiddleware.Tests/Client/OpenAiClientTests.cs, or by hand): set SAMPLE_URL to its base URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const sampleUrl = process.env.SAMPLE_URL;
if (!sampleUrl) {
  throw new Error('SAMPLE_URL is not set: start the SampleApi and set SAMPLE_URL to its base URL, e.g. http://127.0.0.1:5080');
}

const baseURL = new URL('/v1', sampleUrl).toString();
const messages = [{ role: 'user', content: 'hello' }];

function client(apiKey, options = {}) {
  return new OpenAI({ apiKey, baseURL, maxRetries: 0, timeout: 15_000, ...options });
}

/** Awaits a call that must fail, checks the SDK's error class and returns the error. */
async function failure(call, ErrorClass) {
  try {
    await call();
  } catch (error) {
    assert.ok(error instanceof ErrorClass, `expected ${ErrorClass.name}, got ${error?.constructor?.name}: ${error?.message}`);
    return error;
  }

  assert.fail(`expected ${ErrorClass.name}, but the call succeeded`);
}

function assertRequestId(error) {
  assert.equal(typeof error.requestID, 'string');
  assert.ok(error.requestID.length > 0, 'x-request-id header missing');
}

test('a valid key gets the echo (the contract works at all)', async () => {
  const completion = await client('sk-demo-valid').chat.completions.create({ model: 'echo-1', messages });

  assert.equal(completion.object, 'chat.completion');
  assert.equal(completion.choices[0].message.content, 'hello');
});

test('a missing key is an AuthenticationError: 401 Unauthorized', async () => {
  const noKey = client('unused', { defaultHeaders: { Authorization: null } });

  const error = await failure(() => noKey.chat.completions.create({ model: 'echo-1', messages }), OpenAI.AuthenticationError);

  assert.equal(error.status, 401);
  assert.equal(error.code, 'Unauthorized');
  assert.equal(error.type, 'authentication_error');
  assert.equal(error.message, '401 AUTH_INFO missing');
  assertRequestId(error);
});

test('an invalid key is a BadRequestError: 400 InvalidArgument.Authorization', async () => {
  const error = await failure(
    () => client('sk-demo-invalid').chat.completions.create({ model: 'echo-1', messages }),
    OpenAI.BadRequestError);

  assert.equal(error.status, 400);
  assert.equal(error.code, 'InvalidArgument.Authorization');
  assert.equal(error.type, 'authentication_error');
  assert.equal(error.message, '400 The provided API key is invalid.');
  assertRequestId(error);
});

test('a body without messages is a BadRequestError: 400 InvalidArgument.MissingRequiredParameter, param messages', async () => {
  const error = await failure(
    () => client('sk-demo-valid').chat.completions.create({ model: 'echo-1' }),
    OpenAI.BadRequestError);

  assert.equal(error.status, 400);
  assert.equal(error.code, 'InvalidArgument.MissingRequiredParameter');
  assert.equal(error.param, 'messages');
  assert.equal(error.type, 'invalid_request_error');
  assert.equal(error.message, '400 The messages parameter is required.');
  assert.equal(error.headers.get('x-should-retry'), 'false');
});

test('a rate-limited key is a RateLimitError: 429 TooManyRequests with Retry-After (retries off)', async () => {
  const limited = client('sk-demo-ratelimited');
  // The key allows one request per minute: the first call may still be allowed, the second never is.
  let error;
  for (let attempt = 0; attempt < 2 && !error; attempt++) {
    try {
      await limited.chat.completions.create({ model: 'echo-1', messages });
    } catch (caught) {
      error = caught;
    }
  }

  assert.ok(error instanceof OpenAI.RateLimitError, `expected RateLimitError, got ${error?.constructor?.name}: ${error?.message}`);
  assert.equal(error.status, 429);
  assert.equal(error.code, 'TooManyRequests');
  assert.equal(error.type, 'rate_limit_error');
  assert.equal(error.message, '429 Too many requests.');
  const retryAfter = Number(error.headers.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After must be 1..60 s, was ${error.headers.get('retry-after')}`);
});

test('a key without balance is a PermissionDeniedError: 403 Forbidden.InsufficientBalance', async () => {
  const error = await failure(
    () => client('sk-demo-broke').chat.completions.create({ model: 'echo-1', messages }),
    OpenAI.PermissionDeniedError);

  assert.equal(error.status, 403);
  assert.equal(error.code, 'Forbidden.InsufficientBalance');
  assert.equal(error.type, 'insufficient_quota');
  assert.equal(error.message, '403 The balance is insufficient.');
  assert.equal(error.headers.get('x-should-retry'), 'false');
});

test('a stream streams the echo and finishes with stop', async () => {
  const stream = await client('sk-demo-valid').chat.completions.create({ model: 'echo-1', messages, stream: true });

  let text = '';
  let finish;
  for await (const chunk of stream) {
    assert.equal(chunk.object, 'chat.completion.chunk');
    text += chunk.choices[0]?.delta?.content ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }

  assert.equal(text, 'hello');
  assert.equal(finish, 'stop');
});

test('a stream that fails after its first chunk surfaces the error event as an APIError', async () => {
  const stream = await client('sk-demo-valid').chat.completions.create({
    model: 'echo-1',
    messages: [{ role: 'user', content: 'fail-mid-stream' }],
    stream: true,
  });

  const chunks = [];
  const error = await failure(async () => {
    for await (const chunk of stream) {
      chunks.push(chunk);
    }
  }, OpenAI.APIError);

  assert.equal(chunks.length, 1);
  assert.equal(chunks[0].choices[0].delta.content, 'fail-mid-stream');
  assert.equal(error.status, undefined);
  assert.equal(error.code, 'InternalServerError');
  assert.equal(error.type, 'server_error');
  assert.equal(error.message, 'The request processing has failed due to some unknown error.');
});
