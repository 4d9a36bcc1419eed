import type { ErrorCode } from '../error-codes.js';

/**
 * Error messages for every code, in every locale. Shared by the server (problem documents) and
 * the web app (the `errors` namespace), so both say the same thing. `{{name}}` placeholders are
 * filled from the error's details.
 */
export const errorMessages: Record<'zh-CN' | 'en', Record<ErrorCode, string>> = {
  'zh-CN': {
    points_amount_invalid: '积分数量应为 1 到 {{max}} 之间的整数。',
    points_minutes_invalid: '服务时长应为 1 到 1440 分钟之间的整数。',
    points_not_family: '只能赠送给已确认的家人。请先在“我的”里添加并确认家庭关系。',
    points_self_transfer: '不能给自己转积分。',
    points_other_district: '只能捐给本区的社区爱心池。',
    points_community_required: '请选择一个社区（居委会或村委会），而不是区或街道。',
    invalid_period: '时间范围不正确：开始应早于结束，月份格式为 YYYY-MM。',
    points_second_admin_required: '这笔调整需要另一位区级管理员审批，不能由申请人自己批准。',
    points_account_unknown: '找不到这个积分账户。',
    idempotency_key_reused: '这个请求编号已用于另一笔不同的操作，请刷新后重试。',
    points_no_home: '请先在个人资料中选择所在社区，再使用爱心积分。',
    points_account_closed: '这个积分账户已关闭。',
    points_insufficient: '积分不足：目前最多可用 {{available}} 分。',
    points_budget_exceeded: '社区本期发放额度已用完（剩余 {{remaining}} 分），请联系区里调整额度。',
    points_pool_insufficient: '社区爱心池积分不足（现有 {{available}} 分）。',
    points_storage_cap: '超过积分存储上限 {{cap}} 分，最多还能存入 {{room}} 分。',
    points_gift_cap: '本月赠送已达上限 {{cap}} 分，本月还可赠送 {{left}} 分。',
    points_not_priority: '只有被社区列为优先帮扶的居民才能获得爱心池资助。',
    points_override_required:
      '这笔操作会使账户低于透支额度（目前可用 {{available}} 分），需要明确选择“越限执行”，账户会被标记。',
    points_already_reversed: '这笔转账已经冲正过了。',
    points_not_reversible: '冲正记录不能再冲正，请改用调整。',
    points_adjustment_decided: '这笔调整已经处理过了。',
    invalid_phone: '请输入正确的中国大陆手机号（11 位，以 1 开头）。',
    resident_id_invalid: '身份证号码不正确（{{problem}}），请核对后重新输入。',
    resident_id_taken: '这个身份证号码已经用于另一个账户。如有疑问请联系社区工作人员。',
    sms_code_invalid: '验证码不对，请核对后再输入。',
    sms_code_expired: '验证码已过期或已用过，请重新获取。',
    invalid_device_key: '设备密钥格式不对。',
    invalid_signature: '签名无法核验。',
    avatar_invalid: '头像须是 JPEG、PNG 或 WebP 图片，请换一张。',
    guardian_consent_required:
      '未满 14 周岁的居民需要监护人同意：请先与父母（或其他监护人）建立家庭关系，并请对方在“家人”里点“作为监护人同意”。',
    guardian_not_eligible: '只有已实名认证的成年父母（监护人）才能作为监护人同意。',
    phone_taken: '这个手机号已经用于另一个账户。一个手机号只能对应一个账户。',
    phone_unchanged: '新手机号与当前手机号相同。',
    csrf_failed: '页面已过期，请刷新后重试。',
    sms_rate_limited: '获取验证码太频繁，请 {{retryAfterS}} 秒后再试。',
    sms_code_locked: '验证码输错次数太多，已暂时锁定，请 {{retryAfterS}} 秒后重新获取。',
    device_key_exists: '这台设备已经登记过了。',
    validation_failed: '提交的内容不符合要求，请检查后重试。',
    bad_request: '请求格式不正确。',
    invalid_division_code: '行政区划代码应为 2、4、6、9 或 12 位数字。',
    log_range: '请求的日志范围无效：{{size}} 超出了日志当前的大小 {{current}}。',
    unauthorized: '请先登录。',
    forbidden: '您没有权限进行此操作。',
    not_found: '找不到您要的内容。',
    route_not_found: '没有这个接口。',
    division_not_found: '找不到代码为 {{code}} 的行政区划。',
    log_entry_not_found: '透明日志中没有这条记录（{{index}}）。',
    method_not_allowed: '不支持这种请求方式。',
    conflict: '操作与当前状态冲突，请刷新后重试。',
    payload_too_large: '提交的内容太大。',
    unsupported_media_type: '不支持这种内容类型。',
    rate_limited: '操作太频繁，请稍后再试。',
    internal_error: '服务器出了点问题，我们已记录下来，请稍后再试。',
    service_unavailable: '服务暂时不可用，请稍后再试。',
  },
  en: {
    points_amount_invalid: 'Points must be a whole number from 1 to {{max}}.',
    points_minutes_invalid: 'Time given must be a whole number of minutes from 1 to 1440.',
    points_not_family:
      'Points can be given only to a confirmed family member. Add and confirm the link under “Me” first.',
    points_self_transfer: 'You cannot send points to yourself.',
    points_other_district: 'Donations go to a community pool in your own district.',
    points_community_required: 'Choose a community (居委会 or 村委会), not a district or street.',
    invalid_period:
      'That period is not valid: the start must come before the end, and months are written YYYY-MM.',
    points_second_admin_required:
      'This adjustment needs a second district admin; the one who asked cannot approve it.',
    points_account_unknown: 'There is no such points account.',
    idempotency_key_reused:
      'This request id was already used for a different operation. Refresh and try again.',
    points_no_home: 'Choose your home community in your profile before using love points.',
    points_account_closed: 'This points account is closed.',
    points_insufficient: 'Not enough points: at most {{available}} can be used now.',
    points_budget_exceeded:
      'The community has used its budget for issuing points ({{remaining}} left). Ask the district to raise it.',
    points_pool_insufficient: 'The community pool has only {{available}} points.',
    points_storage_cap:
      'That goes over the storage cap of {{cap}} points; at most {{room}} more can be held.',
    points_gift_cap:
      'The monthly gift cap of {{cap}} points is reached; {{left}} can still be given this month.',
    points_not_priority:
      'Only residents the community has marked for priority help can receive grants from the pool.',
    points_override_required:
      'This would take the account past its limit ({{available}} available now). Choose “override” explicitly; the account will be flagged.',
    points_already_reversed: 'This transfer has already been reversed.',
    points_not_reversible: 'A reversal cannot itself be reversed; make an adjustment instead.',
    points_adjustment_decided: 'This adjustment has already been decided.',
    invalid_phone: 'Enter a valid mainland China mobile number (11 digits starting with 1).',
    resident_id_invalid: 'That ID number is not valid ({{problem}}); check it and enter it again.',
    resident_id_taken:
      'That ID number is already used by another account. Ask community staff if this is wrong.',
    sms_code_invalid: 'That code is not right; check it and try again.',
    sms_code_expired: 'That code has expired or was already used; request a new one.',
    invalid_device_key: 'The device key is not in the expected format.',
    invalid_signature: 'The signature could not be verified.',
    avatar_invalid: 'A profile picture must be a JPEG, PNG or WebP image; please choose another.',
    guardian_consent_required:
      'Residents under 14 need a guardian’s consent: link with a parent (or other guardian) under Family, and ask them to tap “Consent as guardian”.',
    guardian_not_eligible: 'Only a verified adult parent (guardian) can consent as guardian.',
    phone_taken:
      'That mobile number is already used by another account. One number can hold only one account.',
    phone_unchanged: 'The new number is the same as the current one.',
    csrf_failed: 'This page is out of date; reload it and try again.',
    sms_rate_limited: 'Too many code requests; try again in {{retryAfterS}} seconds.',
    sms_code_locked: 'Too many wrong codes; locked for now. Request a new code in {{retryAfterS}} seconds.',
    device_key_exists: 'This device is already registered.',
    validation_failed: 'Some of the input is not valid; please check it and try again.',
    bad_request: 'The request is malformed.',
    invalid_division_code: 'A division code has 2, 4, 6, 9 or 12 digits.',
    log_range: 'That log range is not valid: {{size}} is beyond the current log size {{current}}.',
    unauthorized: 'Please sign in first.',
    forbidden: 'You are not allowed to do this.',
    not_found: 'We could not find what you asked for.',
    route_not_found: 'There is no such API endpoint.',
    division_not_found: 'There is no division with code {{code}}.',
    log_entry_not_found: 'The trust log has no such record ({{index}}).',
    method_not_allowed: 'This method is not supported here.',
    conflict: 'This conflicts with the current state; refresh and try again.',
    payload_too_large: 'The request body is too large.',
    unsupported_media_type: 'This content type is not supported.',
    rate_limited: 'Too many requests; please wait a moment.',
    internal_error: 'Something went wrong on our side. It has been logged; please try again later.',
    service_unavailable: 'The service is temporarily unavailable; please try again later.',
  },
};

export type Locale = keyof typeof errorMessages;
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
