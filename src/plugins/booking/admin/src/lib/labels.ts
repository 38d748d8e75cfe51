/** Chinese labels for the codes the admin API returns (the server sends labels where it has them). */
type Labels = Record<string, string>;
export const label = (labels: Labels, code: string | null | undefined) => (code ? (labels[code] ?? code) : '—');

export const ORDER_STATUS: Labels = {
  pending_payment: '待支付',
  pending_acceptance: '待接单',
  accepted: '待服务',
  departed: '已出发',
  arrived: '已到达',
  in_service: '服务中',
  finished: '待确认完成',
  completed: '已完成',
  reviewed: '已评价',
  cancelled: '已取消',
};
export const PAYMENT_STATUS: Labels = { unpaid: '未支付', paid: '已支付', partially_refunded: '部分退款', refunded: '已退款' };
export const PAYMENT_RECORD_STATUS: Labels = { pending: '待支付', succeeded: '成功', failed: '失败', closed: '已关闭' };
export const CHANNEL: Labels = { wechat: '微信支付', alipay: '支付宝', unionpay: '银联', sandbox: '沙箱' };
export const REFUND_SOURCE: Labels = { cancellation: '取消退款', change: '改约退款', complaint: '投诉退款', operator: '运营退款' };
export const REFUND_STATUS: Labels = { pending: '待处理', processing: '处理中', succeeded: '已退款', failed: '失败' };
export const OFFER_STATUS: Labels = { offered: '待响应', accepted: '已接受', declined: '已拒绝', expired: '已超时', cancelled: '已撤回' };
export const CHANGE_STATUS: Labels = {
  pending: '待陪护确认',
  awaiting_payment: '待补差价',
  accepted: '已生效',
  declined: '已拒绝',
  expired: '已过期',
  lapsed: '未补差价已失效',
  cancelled: '已撤销',
};
export const ACTOR: Labels = { user: '用户', caregiver: '陪护人员', operator: '运营', system: '系统' };
export const DISPATCH_MODE: Labels = { preferred: '指定陪护', auto: '系统派单', hall: '抢单大厅' };
export const CAREGIVER_STATUS: Labels = { pending: '待审核', approved: '已认证', rejected: '已驳回', suspended: '已暂停' };
export const CREDENTIAL_STATUS: Labels = { pending: '待审核', approved: '已通过', rejected: '已驳回', suspended: '已暂停', expired: '已过期' };
export const LEVEL: Labels = { junior: '初级', intermediate: '中级', senior: '高级', gold: '金牌' };
export const GENDER: Labels = { male: '男', female: '女' };
export const COMPLAINT_STATUS: Labels = { submitted: '已提交', investigating: '调查中', resolved: '已处理', rejected: '已驳回' };
export const SUGGESTION_STATUS: Labels = { new: '未读', read: '已读', answered: '已回复' };
export const SUGGESTION_TAGS = ['功能建议', '服务质量', '价格费用', '陪护人员', '使用体验', '投诉倾向', '其他'];
export const ALERT_KIND: Labels = { dispatch_failed: '派单失败', offer_expired: '接单超时', no_candidates: '无可派人员' };
export const VERDICT: Labels = { match: '一致', mismatch: '不一致', not_found: '查无此人', error: '核验出错' };
export const IDENTITY_PROVIDER: Labels = { tencent: '腾讯云人脸核身', aliyun: '阿里云实人认证', sandbox: '沙箱（仅校验号码格式）' };
export const RISK_SEVERITY: Labels = { info: '提示', warning: '警告', critical: '严重' };
export const RISK_ACTION: Labels = { recorded: '已记录', alerted: '已提醒', frozen: '已冻结' };
export const SCORE_FACTOR: Labels = { distance: '距离', rating: '评分', fairness: '公平轮转', experience: '经验', level: '等级' };
export const AUDIT_ACTION: Labels = {
  'application.view_pii': '查看敏感信息',
  'application.view_scan': '查看证件照片',
  'application.approve': '通过申请',
  'application.reject': '驳回申请',
  'credential.approve': '通过证书',
  'credential.reject': '驳回证书',
  'caregiver.suspend': '暂停接单',
  'caregiver.lift_suspension': '恢复接单',
};
export const RESOLUTION: Labels = {
  full_refund: '全额退款',
  partial_refund: '部分退款',
  warning: '警告',
  penalty: '扣分',
  suspension: '停单',
  retraining: '复训',
  replace_caregiver: '更换陪护人员',
};
