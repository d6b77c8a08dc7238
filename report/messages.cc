#include "report/messages.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace gongxin::report {
namespace {

constexpr Messages kChinese = {
    .html_lang = "zh-CN",
    .report_title = "$0 计票结果报告",
    .variant_public = "公开版",
    .variant_full = "完整版（含实名投票明细）",
    .variant_full_warning =
        "本件载有实名票的投票明细，仅限组织部门按规定查阅，不得公开、不得外传（规则 B8、F2）。",
    .meeting_id = "会议编号",
    .unofficial = "未正式公布（计票结果待公布）",
    .official = "已公布",
    .unit = "单位",
    .ledger_entries = "计票所据账本条目数",
    .turnout_heading = "到会与票数",
    .due = "应到",
    .present = "实到",
    .turnout_rate = "到会率",
    .form = "表",
    .mode = "方式",
    .named = "实名",
    .anonymous = "无记名",
    .issued = "发出",
    .returned = "收回",
    .return_rate = "收回率",
    .post_line = "职位：$0　职数：$1 名　每票最多推荐 $2 人",
    .rank = "排名",
    .name = "姓名",
    .current_post = "现任职务",
    .note = "备注",
    .votes = "得票",
    .vote_rate = "得票率",
    .write_in_suffix = "（另推他人）",
    .validity = "有效票 $0 张（含弃权 $1 张），废票 $2 张",
    .rate_basis = "得票率 = 得票 ÷ $1 $0",
    .rate_basis_unnamed = "得票率 = 得票 ÷ $0",
    .share_basis = "百分比 = 票数 ÷ $1 $0",
    .share_basis_unnamed = "百分比 = 票数 ÷ $0",
    .no_votes = "（无得票）",
    .no_subjects = "（无测评对象）",
    .blank = "弃权",
    .subject = "测评对象",
    .votes_unit = "票",
    .chart_votes = "$0 得票率条形图",
    .chart_grades = "$0 等次分布图",
    .unknown_kind = "本版本报告不能显示此类题目的明细，请以 JSON 结果为准。",
    .named_heading = "实名投票明细：$0",
    .named_note = "按投票人编号排列。此表依据完整导出记录中的投票人承诺开启值生成。",
    .voter = "投票人",
    .group = "类别",
    .named_blank = "（弃权）",
    .named_invalid = "（废票）",
    .ledger_heading = "与电子记录核对",
    .ledger_size = "账本条目数",
    .head_hash = "账本头哈希",
    .head_signature = "服务器签名（Ed25519）",
    .signed_text = "被签名的文本",
    .server_key = "服务器公钥（Ed25519，十六进制）",
    .count_entry = "计票结果记入账本第 $0 条，条目哈希",
    .checkpoint = "透明日志检查点（签名注记）",
    .ledger_howto =
        "核对方法：取得本会议的公开导出文件，用独立取得的服务器公钥执行 "
        "gongxin audit verify 导出文件 --trust 公钥，核对其报告的计票条目号与本页一致且计票可重算；"
        "再用 openssl 以该公钥验证上方“被签名的文本”与签名，证明本页账本头由服务器签名。详见 docs/operations.md。",
    .not_sole_basis = "本结果是干部选拔任用的重要参考，不作为唯一依据，不简单以票取人（规则 A8）。",
    .generated_by = "本报告由公信（gongxin）系统依据签名账本生成。",
    .basis_returned = "收回票数",
    .basis_present = "实到人数",
    .basis_due = "应到人数",
    .basis_valid = "有效票数",
    .basis_issued = "发出票数",
    .announcement_title = "$0 会前公告",
    .announcement_intro =
        "根据“两公开”要求，现将本次会议的职位、人选、投票方式和计票规则公告如下。",
    .meeting_date = "登记日期",
    .status = "状态",
    .description = "说明",
    .posts_heading = "职位与职数",
    .post = "职位",
    .seats = "职数",
    .max_choices = "每票最多推荐",
    .candidates_count = "参考人选数",
    .candidates_heading = "参考人选与测评对象",
    .candidates_of = "$0：参考人选",
    .subjects_of = "$0：测评对象（等次：$1）",
    .forms_heading = "票表与投票方式",
    .eligible_groups = "发放对象",
    .all_groups = "全体投票人",
    .questions = "题目",
    .marking_heading = "填写说明",
    .marking_approval = "推荐题：在同意推荐的人选处标记，人数不得超过“职位与职数”表中的“每票最多推荐”人数（超过的处理见计票规则）。",
    .marking_write_in = "允许另推他人的题目，可在另推栏填写人选姓名。",
    .marking_graded = "测评题：对每个测评对象只选择一个等次。",
    .marking_blank = "不作标记视为弃权。",
    .rules_heading = "计票规则",
    .rule_overvote_reject = "超过最多推荐人数的选票不予接受，投票终端将提示修改。",
    .rule_overvote_spoil = "超过最多推荐人数的题目计为废票，其余题目照常计算（规则 A6a）。",
    .rule_blank = "空白题目计为弃权，不计为废票；弃权票和废票均计入收回票数（规则 A6d）。",
    .rule_rate = "得票率 = 得票 ÷ 收回票数（规则 A7），原始票数同时公布。",
    .rule_named = "实名票：选票与投票人绑定，明细仅组织部门可按规定查阅（规则 A5、F2）。",
    .rule_anonymous = "无记名票：选票不含任何可识别投票人的信息，任何人都无法得知谁投了什么票。",
    .rule_anonymous_per_group =
        "《$0》按分组计票：$1各用一把选票密钥，选票上只标明所属分组（每组不少于 $2 "
        "人），不标明个人。",
    .rule_anonymous_shared = "$3人数不足 $2 人，合用一把选票密钥，只计入总数，不单列。",
    .rule_anonymous_not_per_group =
        "《$0》不分组计票：各分组人数不足 $2 人，选票上不标明分组，只公布总数。",
    .rule_not_sole_basis = "推荐和测评结果是重要参考，不作为唯一依据（规则 A8）；系统只给出排名，不作决定。",
    .groups_heading = "投票人类别与应到人数",
    .group_due = "应到人数",
    .total = "合计",
    .genesis_heading = "与电子记录核对",
    .genesis_hash = "会议登记条目（账本第 0 条）哈希",
    .roll_digest = "名册摘要",
    .genesis_howto =
        "本公告所列内容由账本第 0 条（会议登记条目）固定，其后不能更改。核对方法：取得本会议的公开导出文件，"
        "执行 gongxin audit verify，并核对第 0 条的哈希与本页一致。详见 docs/operations.md。",
    .basis_assessed = "实际测评票数（不含不了解和空白）",
    .rates_heading = "各项比率",
    .rate_excellent = "优秀率",
    .rate_pass = "合格率",
    .rate_score = "加权得分",
    .rate_satisfaction = "满意率",
    .rate_votes = "得票率",
    .denominator = "分母",
    .points_unit = "分",
    .weighted_heading = "加权结果",
    .weights_line = "各类别权重：$0。加权结果 = Σ（权重 × 该类别比率）÷ Σ 权重，与不加权结果并列。",
    .figure = "指标",
    .weighted = "加权",
    .unweighted = "不加权",
    .weighted_unavailable = "无加权结果：$0",
    .decision_turnout = "应到会 $0 人，实到 $1 人；法定人数 $2 人（$3）",
    .met = "已达到",
    .not_met = "未达到",
    .decision_pass_rule = "通过条件：同意票 $0 $1",
    .decision_of_due = "应到会人数",
    .decision_of_present = "实到人数",
    .competitive_line = "差额票决：$0，每票最多同意 $1 人",
    .proposed_post = "拟任职务",
    .agree = "同意",
    .disagree = "不同意",
    .abstain = "弃权",
    .defer = "缓议",
    .unmarked = "未表态",
    .agree_share = "同意率",
    .needed = "需同意",
    .outcome = "结果",
    .outcome_passed = "通过",
    .outcome_not_passed = "未通过",
    .outcome_no_quorum = "不足法定人数",
    .competitive_winner = "得票最多且达到通过票数：$0",
    .competitive_tie = "$0 得票相同并列第一，应在并列者中再次投票",
    .competitive_none = "无人达到通过票数：暂缓或重新投票",
    .competitive_no_quorum = "不足法定人数，不作决定",
    .decision_advice = "表决结果供党委（党组）决定参考，系统不作决定（规则 A8）。",
    .chart_agree = "$0 同意票条形图",
    .element_heading = "要素：$0",
    .chart_element = "$0：$1 得票条形图",
    .item = "测评项目",
    .polarity = "类别",
    .positive = "正向",
    .negative = "反向",
    .count = "人数",
    .share = "占比",
    .nothing_ticked = "未勾选",
    .composites_heading = "综合得分",
    .take_line = "按职数 1:$0 提出考察人选，共 $1 名",
    .composite = "综合得分",
    .flags = "提示",
    .within_take = "在 1:$0 范围内",
    .tied_at_cut = "在取用线上并列（不作取舍，由组织研究）",
    .excluded_below = "低于 $0 分，排除",
    .vetoed = "一票否决：$0（$1）",
    .missing_scores = "缺少评分：$0",
    .composite_advice =
        "说明：综合得分、排名和提示仅供组织研究参考，不作自动决定，不简单以票取人（规则 A8）。",
    .approvals_heading = "计票审批",
    .approved_by = "批准计票的工作人员：$0",
    .group_questions = "$0（收回 $1 张）",
    .validity_line = "有效性 · 法定到会人数 $0 / $1（$2）· 整张空白票 / 废票 $3 / $4",
    .count_valid = "本表计票有效",
    .count_invalid = "本表计票无效：$0",
    .shortlist_line = "差额入围 $0 / $1",
    .shortlisted = "入围",
    .shortlist_tie = "并列待定",
    .shortlist_mark = "$0 — $1",
    .shortlist_unresolved = "入围线上有并列，系统不作取舍，由组织决定：$0",
    .flags_advice = "以下提示仅供组织参考，系统不自动作出任何决定（规则 A8）。",
    .rule = "规则",
    .flag_subject = "对象",
    .observed = "实测",
    .threshold = "阈值",
    .veto_advice = "一票否决提示：$0",
    .group_turnout_heading = "分组情况",
    .suppressed = "不公布：$0",
    .status_draft = "草稿",
    .status_announced = "已公告",
    .status_open = "投票中",
    .status_closed = "已结束",
    .status_counted = "已计票",
    .status_published = "已公布",
    .status_unspecified = "未指定",
};

constexpr Messages kEnglish = {
    .html_lang = "en",
    .report_title = "$0 — count report",
    .variant_public = "Public version",
    .variant_full = "Full version (with named choices)",
    .variant_full_warning =
        "This document shows who chose what on named forms. For the organisation department "
        "only; do not publish or pass on (rules B8, F2).",
    .meeting_id = "Meeting",
    .unofficial = "Unofficial (not yet published)",
    .official = "Published",
    .unit = "Unit",
    .ledger_entries = "Ledger entries counted",
    .turnout_heading = "Attendance and ballots",
    .due = "Due",
    .present = "Present",
    .turnout_rate = "Turnout",
    .form = "Form",
    .mode = "Mode",
    .named = "named",
    .anonymous = "anonymous",
    .issued = "Issued",
    .returned = "Returned",
    .return_rate = "Return rate",
    .post_line = "Post: $0   Seats: $1   Up to $2 per ballot",
    .rank = "Rank",
    .name = "Name",
    .current_post = "Current post",
    .note = "Note",
    .votes = "Votes",
    .vote_rate = "Vote rate",
    .write_in_suffix = " (write-in)",
    .validity = "Valid $0 (including $1 blank), invalid $2",
    .rate_basis = "Vote rate = votes / $0 ($1)",
    .rate_basis_unnamed = "Vote rate = votes / $0",
    .share_basis = "Percentages = count / $0 ($1)",
    .share_basis_unnamed = "Percentages = count / $0",
    .no_votes = "(no votes)",
    .no_subjects = "(no subjects)",
    .blank = "Blank",
    .subject = "Subject",
    .votes_unit = "votes",
    .chart_votes = "$0: vote rates",
    .chart_grades = "$0: grade distribution",
    .unknown_kind = "This version of the report cannot show this kind of question; see the JSON result.",
    .named_heading = "Named choices: $0",
    .named_note = "Sorted by voter id. Built from the voter openings of the full export.",
    .voter = "Voter",
    .group = "Group",
    .named_blank = "(blank)",
    .named_invalid = "(invalid)",
    .ledger_heading = "Tying this paper to the electronic record",
    .ledger_size = "Ledger entries",
    .head_hash = "Ledger head hash",
    .head_signature = "Server signature (Ed25519)",
    .signed_text = "Signed text",
    .server_key = "Server public key (Ed25519, hex)",
    .count_entry = "The count is ledger entry $0, entry hash",
    .checkpoint = "Transparency log checkpoint (signed note)",
    .ledger_howto =
        "To check: get the meeting's public export and run gongxin audit verify FILE --trust KEY "
        "with the server key obtained independently; the count entry it names must match this page "
        "and recompute exactly. Then verify the signed text above against the signature with "
        "openssl and that key: the server signed this head. See docs/operations.md.",
    .not_sole_basis =
        "These results are an important reference for cadre selection, not the sole basis "
        "(rule A8).",
    .generated_by = "Generated by gongxin from the signed ledger.",
    .basis_returned = "ballots returned",
    .basis_present = "voters present",
    .basis_due = "voters due",
    .basis_valid = "valid ballots",
    .basis_issued = "ballots issued",
    .announcement_title = "$0 — announcement",
    .announcement_intro =
        "Before the vote, the posts, candidates, voting modes and counting rules of this meeting "
        "are made public as follows.",
    .meeting_date = "Registered on",
    .status = "Status",
    .description = "Description",
    .posts_heading = "Posts and seats",
    .post = "Post",
    .seats = "Seats",
    .max_choices = "Up to per ballot",
    .candidates_count = "Candidates",
    .candidates_heading = "Candidates and subjects",
    .candidates_of = "$0: candidates",
    .subjects_of = "$0: subjects (grades: $1)",
    .forms_heading = "Forms and voting modes",
    .eligible_groups = "Given to",
    .all_groups = "all voters",
    .questions = "Questions",
    .marking_heading = "How to fill in the forms",
    .marking_approval =
        "Recommendation questions: mark the candidates you recommend, no more than the \"up to per "
        "ballot\" number in the posts table (see the counting rules for what happens otherwise).",
    .marking_write_in = "Where write-ins are allowed, you may write in another person's name.",
    .marking_graded = "Assessment questions: choose one grade for each subject.",
    .marking_blank = "A question left unmarked counts as blank (abstention).",
    .rules_heading = "Counting rules",
    .rule_overvote_reject = "A ballot marking more than allowed is refused; the kiosk asks to correct it.",
    .rule_overvote_spoil =
        "A question marked for more than allowed is invalid on that ballot; the other questions "
        "count (rule A6a).",
    .rule_blank =
        "A blank question is an abstention, not an invalid ballot; blank and invalid ballots both "
        "count as returned (rule A6d).",
    .rule_rate = "Vote rate = votes / ballots returned (rule A7); the raw counts are published too.",
    .rule_named =
        "Named forms are bound to the voter; who chose what is seen only by the organisation "
        "department (rules A5, F2).",
    .rule_anonymous =
        "Anonymous forms carry nothing that identifies the voter; nobody can tell who chose what.",
    .rule_anonymous_per_group =
        "“$0” is counted per group: $1 each have their own token key, and a ballot shows its "
        "group (at least $2 voters each), never its voter.",
    .rule_anonymous_shared =
        "$3 have fewer than $2 voters and share one key: counted in the overall figures only.",
    .rule_anonymous_not_per_group =
        "“$0” is not counted per group: the groups are too small (fewer than $2 voters), so "
        "ballots show no group and only overall figures are published.",
    .rule_not_sole_basis =
        "Results are an important reference, not the sole basis (rule A8); the system ranks, it "
        "never decides.",
    .groups_heading = "Voter groups and voters due",
    .group_due = "Voters due",
    .total = "Total",
    .genesis_heading = "Tying this paper to the electronic record",
    .genesis_hash = "Meeting registration entry (ledger entry 0) hash",
    .roll_digest = "Roll digest",
    .genesis_howto =
        "What this announcement lists is fixed by ledger entry 0 and cannot change afterwards. "
        "To check: get the meeting's public export, run gongxin audit verify, and compare the hash "
        "of entry 0 with this page. See docs/operations.md.",
    .basis_assessed = "ballots assessed (excluding don't know and blank)",
    .rates_heading = "Rates",
    .rate_excellent = "Excellent",
    .rate_pass = "Pass",
    .rate_score = "Score",
    .rate_satisfaction = "Satisfaction",
    .rate_votes = "Vote rate",
    .denominator = "Denominator",
    .points_unit = "points",
    .weighted_heading = "Weighted figures",
    .weights_line = "Group weights: $0. Weighted = Σ (weight × the group's rate) / Σ weights, beside "
                    "the unweighted figure.",
    .figure = "Figure",
    .weighted = "Weighted",
    .unweighted = "Unweighted",
    .weighted_unavailable = "No weighted figures: $0",
    .decision_turnout = "Due $0, present $1; quorum $2 present ($3)",
    .met = "met",
    .not_met = "NOT met",
    .decision_pass_rule = "Passing: agree $0 $1",
    .decision_of_due = "of those due",
    .decision_of_present = "of those present",
    .competitive_line = "Competitive vote for $0: up to $1 agree per ballot",
    .proposed_post = "Proposed post",
    .agree = "Agree",
    .disagree = "Disagree",
    .abstain = "Abstain",
    .defer = "Defer",
    .unmarked = "Unmarked",
    .agree_share = "Agree %",
    .needed = "Needed",
    .outcome = "Outcome",
    .outcome_passed = "passed",
    .outcome_not_passed = "not passed",
    .outcome_no_quorum = "no quorum",
    .competitive_winner = "Most votes and passing: $0",
    .competitive_tie = "Tied at the top: $0 — revote among them",
    .competitive_none = "Nobody passes: postpone or revote",
    .competitive_no_quorum = "No quorum: nothing decided",
    .decision_advice = "The outcome is advice to the committee; the system decides nothing (rule A8).",
    .chart_agree = "$0: agree votes",
    .element_heading = "Element: $0",
    .chart_element = "$0 — $1: votes",
    .item = "Item",
    .polarity = "Polarity",
    .positive = "positive",
    .negative = "negative",
    .count = "Count",
    .share = "Share",
    .nothing_ticked = "Nothing ticked",
    .composites_heading = "Composite rankings",
    .take_line = "Inspection candidates at 1:$0 of the posts: $1",
    .composite = "Composite",
    .flags = "Flags",
    .within_take = "within 1:$0",
    .tied_at_cut = "tied at the cut (not broken; for the organisation to decide)",
    .excluded_below = "below $0: excluded",
    .vetoed = "vetoed: $0 ($1)",
    .missing_scores = "missing scores: $0",
    .composite_advice =
        "Note: composites, ranks and flags are advice to the organisation department; nothing is "
        "decided automatically (rule A8).",
    .approvals_heading = "Count approval",
    .approved_by = "The count was approved by: $0",
    .group_questions = "$0 (returned $1)",
    .validity_line =
        "Validity · quorum $0 / $1 ($2) · wholly blank / invalid ballots $3 / $4",
    .count_valid = "The count of this form is valid",
    .count_invalid = "The count of this form is invalid: $0",
    .shortlist_line = "Shortlist $0 / $1",
    .shortlisted = "shortlisted",
    .shortlist_tie = "tied at the cut",
    .shortlist_mark = "$0 — $1",
    .shortlist_unresolved = "A tie straddles the cut; the system does not break it: $0",
    .flags_advice =
        "These flags are advice to the organisation department; the system decides nothing "
        "(rule A8).",
    .rule = "Rule",
    .flag_subject = "Subject",
    .observed = "Observed",
    .threshold = "Threshold",
    .veto_advice = "veto advice: $0",
    .group_turnout_heading = "Groups",
    .suppressed = "Not shown: $0",
    .status_draft = "draft",
    .status_announced = "announced",
    .status_open = "open",
    .status_closed = "closed",
    .status_counted = "counted",
    .status_published = "published",
    .status_unspecified = "unspecified",
};

}  // namespace

bool IsEnglish(absl::string_view locale) {
  const std::string lower = absl::AsciiStrToLower(locale);
  return lower == "en" || absl::StartsWith(lower, "en-") || absl::StartsWith(lower, "en_");
}

const Messages& MessagesFor(absl::string_view locale) {
  return IsEnglish(locale) ? kEnglish : kChinese;
}

std::string BasisName(const Messages& m, absl::string_view basis) {
  if (basis == "returned") return m.basis_returned;
  if (basis == "present") return m.basis_present;
  if (basis == "due") return m.basis_due;
  if (basis == "valid") return m.basis_valid;
  if (basis == "issued") return m.basis_issued;
  if (basis == "assessed") return m.basis_assessed;
  return std::string(basis);
}

std::string StatusName(const Messages& m, v1::MeetingStatus status) {
  switch (status) {
    case v1::MEETING_STATUS_DRAFT: return m.status_draft;
    case v1::MEETING_STATUS_ANNOUNCED: return m.status_announced;
    case v1::MEETING_STATUS_OPEN: return m.status_open;
    case v1::MEETING_STATUS_CLOSED: return m.status_closed;
    case v1::MEETING_STATUS_COUNTED: return m.status_counted;
    case v1::MEETING_STATUS_PUBLISHED: return m.status_published;
    default: return m.status_unspecified;
  }
}

}  // namespace gongxin::report
