import type { Context } from 'koa';

/**
 * Input the validate middleware has parsed with the route's zod schemas before any controller runs. The one
 * deliberate `any` of the controllers: the typed service each handler calls checks the fields it reads, and a
 * handler may narrow it with `z.infer<typeof schema>` of its route (see routes/schemas).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- already parsed by the route's zod schema
export type ValidatedInput = any;

export interface BookingState {
  /** The signed-in users-permissions user (content API) or admin user (admin routes). */
  user: { id: number; [key: string]: unknown };
  body: ValidatedInput;
  query: ValidatedInput;
  [key: string]: unknown;
}

/** The Koa context every booking controller receives. */
export type BookingContext = Omit<Context, 'state' | 'params'> & {
  state: BookingState;
  params: Record<string, string>;
  /** Multipart uploads (strapi::body with formidable). */
  request: Context['request'] & { files?: Record<string, unknown> };
};
