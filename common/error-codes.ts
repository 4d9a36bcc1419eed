/**
 * The closed list of machine-readable error codes. Clients switch on these, so a code, once
 * published, keeps its meaning. Each code has an HTTP status and a message in every locale
 * (common/i18n/errors.ts).
 */
export const ErrorStatus = {
  validation_failed: 400,
  bad_request: 400,
  invalid_division_code: 400,
  log_range: 400,
  invalid_phone: 400,
  resident_id_invalid: 400,
  sms_code_invalid: 400,
  sms_code_expired: 400,
  invalid_device_key: 400,
  invalid_signature: 400,
  points_amount_invalid: 400,
  points_minutes_invalid: 400,
  points_not_family: 400,
  points_self_transfer: 400,
  points_other_district: 400,
  points_community_required: 400,
  invalid_period: 400,
  unauthorized: 401,
  forbidden: 403,
  csrf_failed: 403,
  points_second_admin_required: 403,
  avatar_invalid: 400,
  guardian_consent_required: 403,
  guardian_not_eligible: 403,
  not_found: 404,
  points_account_unknown: 404,
  route_not_found: 404,
  division_not_found: 404,
  log_entry_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  device_key_exists: 409,
  resident_id_taken: 409,
  idempotency_key_reused: 409,
  points_no_home: 409,
  points_account_closed: 409,
  points_insufficient: 409,
  points_budget_exceeded: 409,
  points_pool_insufficient: 409,
  points_storage_cap: 409,
  points_gift_cap: 409,
  points_not_priority: 409,
  points_override_required: 409,
  points_already_reversed: 409,
  points_not_reversible: 409,
  points_adjustment_decided: 409,
  phone_taken: 409,
  phone_unchanged: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  sms_rate_limited: 429,
  sms_code_locked: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ErrorStatus;

export const ERROR_CODES = Object.keys(ErrorStatus) as ErrorCode[];

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ErrorStatus, value);
}
