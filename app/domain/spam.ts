/**
 * Spam without a CAPTCHA (a CAPTCHA shuts out people with disabilities): a field no person
 * sees, which only a bot fills in, and a minimum time from the first answer to the send.
 * The caller answers both the same way, so a bot cannot tell which one tripped.
 */
export function looksAutomated(input: { draftStartedAt: Date; now: Date; minimumFillSeconds: number; honeypot: string }): boolean {
  const fillSeconds = (input.now.getTime() - input.draftStartedAt.getTime()) / 1000
  return input.honeypot.trim() !== '' || fillSeconds < input.minimumFillSeconds
}
