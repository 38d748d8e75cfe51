/**
 * Which deployments may run the stand-in providers (sandbox payments, the logging SMS provider, the sandbox
 * identity check). They exist for development and automated tests; anything else — production, staging, a demo
 * box, a typo — is treated as a real deployment, so a stand-in is refused rather than silently trusted.
 * An unset NODE_ENV counts as development, as it does for Strapi itself.
 */
export const STAND_IN_ENVIRONMENTS = ['development', 'test'] as const;

export function allowsStandInProviders(nodeEnv: string | undefined): boolean {
  return (STAND_IN_ENVIRONMENTS as readonly string[]).includes(nodeEnv === undefined || nodeEnv === '' ? 'development' : nodeEnv);
}
