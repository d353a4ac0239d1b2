/**
 * One way every page form reads a submission and says what is wrong: the whole form is parsed
 * with zod at once, so the person sees every problem together (the GOV.UK error summary), each
 * linked to its field and repeated above it, and the page comes back with what they typed.
 *
 * Usage, a route that re-renders its page when the form is wrong:
 *
 *   const signIn = z.object({
 *     email: z.string().trim().email({ error: 'Enter an email address, like name@example.gov.uk' }),
 *     password: z.string().min(1, { error: 'Enter your password' }),
 *   });
 *   const form = parseForm(signIn, request.body, { forget: ['password'] });
 *   if (!form.ok)
 *     return reply.code(400).render('accounts/views/sign-in.njk', {
 *       title: 'Sign in', values: form.values, ...formErrorView(form.errors),
 *     });
 *   // form.value is typed: { email: string; password: string }
 *
 * and in the template (field ids are the field names, so the summary's links land on them):
 *
 *   {% from "site/views/forms.njk" import formErrorSummary %}
 *   {{ formErrorSummary(errorList) }}
 *   {{ govukInput({ id: "email", name: "email", value: values.email,
 *                   errorMessage: fieldErrors.email, label: { text: "Email address" } }) }}
 *
 * Errors a page finds beyond the schema (a name that matches no council) are made with
 * `fieldError` and shown the same way through `formErrorView`.
 */
import type { z } from 'zod';

/** One problem with a submission, as the error summary lists it. */
export interface FieldError {
  /** The form field's name, which is also the id of the input the summary links to. */
  field: string;
  text: string;
  href: string;
}

/** What was submitted, as the page shows it again: text fields and lists of ticked values. */
export type FormValues = Record<string, string | string[]>;

export type ParsedForm<T> =
  { ok: true; value: T } | { ok: false; errors: FieldError[]; values: FormValues };

/** Where a problem that names no field links to: the top of the page's content. */
const formWide = { field: '', href: '#main-content' };

export function fieldError(field: string, text: string): FieldError {
  return field === '' ? { ...formWide, text } : { field, text, href: `#${field}` };
}

/**
 * Parses a whole submission. Every field's problem is reported, in the order zod finds them
 * (the schema's field order), one per field: the first, since fixing it may answer the rest.
 * The schema's messages are shown as they are, so they must be in plain words.
 */
export function parseForm<T extends z.ZodType>(
  schema: T,
  body: unknown,
  /** Fields never shown again, such as passwords. */
  options: { forget?: readonly string[] } = {},
): ParsedForm<z.output<T>> {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    const [first] = issue.path;
    const field = first === undefined ? '' : String(first);
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push(fieldError(field, issue.message));
  }
  return { ok: false, errors, values: typedValues(body, options.forget ?? []) };
}

/** The submitted strings and lists of strings, as typed; anything else is not shown again. */
export function typedValues(body: unknown, forget: readonly string[] = []): FormValues {
  if (typeof body !== 'object' || body === null) return {};
  const values: FormValues = {};
  for (const [name, value] of Object.entries(body)) {
    if (forget.includes(name)) continue;
    if (typeof value === 'string') values[name] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
      values[name] = [...(value as string[])];
  }
  return values;
}

/** What a page template needs to show a form's errors: the summary, and each field's message. */
export interface FormErrorView {
  /** Puts "Error: " before the page title, as GOV.UK asks, so screen readers hear it first. */
  errorTitle: boolean;
  errorList: { text: string; href: string }[];
  /** Each field's messages, joined, as govuk-frontend's `errorMessage` takes them. */
  fieldErrors: Record<string, { text: string }>;
}

export function formErrorView(errors: readonly Omit<FieldError, 'href'>[]): FormErrorView {
  const fieldErrors: Record<string, { text: string }> = {};
  for (const { field, text } of errors) {
    const earlier = fieldErrors[field];
    fieldErrors[field] = { text: earlier ? `${earlier.text}. ${text}` : text };
  }
  return {
    errorTitle: errors.length > 0,
    errorList: errors.map(({ field, text }) => {
      const { href } = fieldError(field, text);
      return { text, href };
    }),
    fieldErrors,
  };
}
