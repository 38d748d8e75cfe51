/** Suggestions (意见建议): the tags operators file them under and their status. Pure. */
export const SUGGESTION_TAGS = ['功能建议', '服务质量', '价格费用', '陪护人员', '使用体验', '投诉倾向', '其他'] as const;
export const SUGGESTION_STATUSES = ['new', 'read', 'answered'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/** Tagging marks a new suggestion read; an answered one stays answered. */
export function statusAfterTagging(current: SuggestionStatus): SuggestionStatus {
  return current === 'new' ? 'read' : current;
}
