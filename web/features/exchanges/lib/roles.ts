/** The communities a worker grant names directly (12-digit codes below street level). */
export function workerCommunities(roles: readonly { role: string; divisionCode: string }[]): string[] {
  return [
    ...new Set(
      roles
        .filter(
          (r) => r.role === 'worker' && /^\d{12}$/.test(r.divisionCode) && !r.divisionCode.endsWith('000'),
        )
        .map((r) => r.divisionCode),
    ),
  ];
}
