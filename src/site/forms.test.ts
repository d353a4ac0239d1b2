import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { createViews } from '../app/views.ts';
import { fieldError, formErrorView, parseForm } from './forms.ts';

const signIn = z.object({
  email: z.string().trim().email({ error: 'Enter an email address, like name@example.gov.uk' }),
  password: z.string().min(12, { error: 'Enter a password of at least 12 characters' }),
  remember: z.array(z.string()).default([]),
});

describe('parseForm', () => {
  it('answers the typed value of a good submission', () => {
    const form = parseForm(signIn, { email: ' a@example.gov.uk ', password: 'long enough pass' });
    assert.deepEqual(form, {
      ok: true,
      value: { email: 'a@example.gov.uk', password: 'long enough pass', remember: [] },
    });
  });

  it('reports every wrong field at once, in field order, linked to its input', () => {
    const form = parseForm(signIn, { email: 'not an address', password: 'short' });
    assert.equal(form.ok, false);
    assert.ok(!form.ok);
    assert.deepEqual(form.errors, [
      {
        field: 'email',
        text: 'Enter an email address, like name@example.gov.uk',
        href: '#email',
      },
      { field: 'password', text: 'Enter a password of at least 12 characters', href: '#password' },
    ]);
  });

  it('says one thing per field: the first problem', () => {
    const code = z.object({
      code: z.string().length(9, { error: 'Enter 9 characters' }).regex(/^E/, { error: 'Start E' }),
    });
    const form = parseForm(code, { code: 'W1' });
    assert.ok(!form.ok);
    assert.deepEqual(
      form.errors.map((e) => e.text),
      ['Enter 9 characters'],
    );
  });

  it('keeps what was typed, strings and ticked lists, but not what it is told to forget', () => {
    const form = parseForm(
      signIn,
      { email: 'typo@', password: 'secret', remember: ['yes'], file: { size: 3 } },
      { forget: ['password'] },
    );
    assert.ok(!form.ok);
    assert.deepEqual(form.values, { email: 'typo@', remember: ['yes'] });
  });

  it('links a problem that names no field to the top of the content', () => {
    const pair = z
      .object({ from: z.string(), to: z.string() })
      .refine((v) => v.from <= v.to, { error: 'The start must come before the end' });
    const form = parseForm(pair, { from: '2024', to: '2023' });
    assert.ok(!form.ok);
    assert.deepEqual(form.errors, [
      { field: '', text: 'The start must come before the end', href: '#main-content' },
    ]);
  });

  it('answers no values for a body that is not an object', () => {
    const form = parseForm(signIn, undefined);
    assert.ok(!form.ok);
    assert.deepEqual(form.values, {});
    assert.equal(form.errors.length, 1);
  });
});

describe('formErrorView', () => {
  it('gives the summary, the title flag and each field’s messages joined', () => {
    const view = formErrorView([
      { field: 'areas', text: 'Enter the councils' },
      { field: 'metrics', text: 'Choose a measure' },
      { field: 'areas', text: 'Enter at most 10 councils' },
    ]);
    assert.deepEqual(view, {
      errorTitle: true,
      errorList: [
        { text: 'Enter the councils', href: '#areas' },
        { text: 'Choose a measure', href: '#metrics' },
        { text: 'Enter at most 10 councils', href: '#areas' },
      ],
      fieldErrors: {
        areas: { text: 'Enter the councils. Enter at most 10 councils' },
        metrics: { text: 'Choose a measure' },
      },
    });
  });

  it('shows nothing when there is no problem', () => {
    assert.deepEqual(formErrorView([]), { errorTitle: false, errorList: [], fieldErrors: {} });
  });

  it('makes the same link for an error found beyond the schema', () => {
    assert.deepEqual(fieldError('pick0', 'Choose one'), {
      field: 'pick0',
      text: 'Choose one',
      href: '#pick0',
    });
  });
});

describe('the error summary partial', () => {
  const views = createViews();
  const render = (errorList: unknown) =>
    views.renderString(
      '{% from "site/views/forms.njk" import formErrorSummary %}{{ formErrorSummary(errorList) }}',
      { errorList },
    );

  it('lists each problem as a link to its field', () => {
    const html = render(formErrorView([{ field: 'email', text: 'Enter an email' }]).errorList);
    assert.match(html, /class="govuk-error-summary"/);
    assert.match(html, /There is a problem/);
    assert.match(html, /<a href="#email">Enter an email<\/a>/);
  });

  it('is empty when there is no problem', () => {
    assert.equal(render([]).trim(), '');
  });
});
