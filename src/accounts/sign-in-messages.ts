import { signInThrottle } from './accounts.service.ts';

/** What both sign-in steps answer when the throttle holds: the same limit, so the same words. */
export const signInThrottledMessage = {
  status: 429,
  text: `There have been too many attempts to sign in. Wait ${signInThrottle.windowSeconds / 60} minutes, then try again`,
} as const;
