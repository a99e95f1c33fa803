/**
 * The proxy login prompt's messages between main (src/main/core/network/proxy-login.ts) and the
 * main window (src/renderer/src/network/). The password crosses IPC once, in the answer, and is
 * kept by neither side.
 */
import { z } from 'zod';

export const ProxyLoginPromptSchema = z.object({
  id: z.string().min(1),
  host: z.string(),
  port: z.number().int().min(0).max(65_535),
  realm: z.string(),
  /** basic, digest, ntlm, negotiate… */
  scheme: z.string(),
  /** The proxy refused the last login for it: the prompt says the password was wrong. */
  retry: z.boolean(),
});
export type ProxyLoginPrompt = z.infer<typeof ProxyLoginPromptSchema>;

export const ProxyLoginAnswerSchema = z.object({
  id: z.string().min(1),
  /** null: the user cancelled (the requests that waited fail as network errors and are retried later). */
  credentials: z
    .object({
      username: z.string().min(1).max(512),
      password: z.string().max(1024),
    })
    .nullable(),
});
export type ProxyLoginAnswer = z.infer<typeof ProxyLoginAnswerSchema>;
