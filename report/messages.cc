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
};

}  // namespace

bool IsEnglish(absl::string_view locale) {
  const std::string lower = absl::AsciiStrToLower(locale);
  return lower == "en" || absl::StartsWith(lower, "en-") || absl::StartsWith(lower, "en_");
}

const Messages& MessagesFor(absl::string_view locale) {
  return IsEnglish(locale) ? kEnglish : kChinese;
}

}  // namespace gongxin::report
