/** Timestamps as the API server's types spell them. */

/** metav1.Time: RFC 3339 to the second. */
export function kubeTime(at = new Date()): string {
  return at.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** metav1.MicroTime (Lease renewTime): RFC 3339 with exactly six fractional digits. */
export function kubeMicroTime(at = new Date()): string {
  return at.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
