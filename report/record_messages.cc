#include "report/record_messages.h"

#include "report/messages.h"

namespace gongxin::report {
namespace {

constexpr RecordMessages kChineseRecords = {
    .documents_heading = "文书档案（按哈希登记）",
    .documents_note =
        "文件本身保存在组织部门的文书和电子信息档案中，从不上传；账本只登记其 SHA-256、大小、文件名、"
        "类别和登记人。用 gongxin record check 导出文件 --file 文件 可核对手中的文件是否就是登记的那一份。",
    .doc_kind = "类别",
    .doc_file = "文件名",
    .doc_size = "大小（字节）",
    .doc_candidate = "涉及人选",
    .doc_by = "登记人",
    .doc_at = "登记时间（北京时间）",
    .doc_entry = "账本条目",
    .kind_interview_record = "个别谈话记录",
    .kind_meeting_minutes = "会议记录（参会人员意见记录）",
    .kind_discipline_opinion = "征求纪委意见",
    .kind_inspection_report = "考察报告",
    .opinions_heading = "旁听意见",
    .opinions_note = "旁听人员（党代表）书面提出的意见原文，按账本顺序；旁听人员没有表决权，意见不影响计票。",
    .opinion_text = "意见",
    .opinion_by = "旁听人",
    .notice_title = "$0 · 任前公示",
    .notice_intro =
        "经民主推荐、考察和集体研究，拟任用下列同志。现予以公示，接受干部群众监督；公示期间如有意见，"
        "请向组织部门反映。",
    .notice_period = "公示期",
    .notice_period_value = "$0 至 $1",
    .notice_channels = "公示方式",
    .notice_list_separator = "、",
    .subject_name = "姓名",
    .subject_current = "现任职务",
    .subject_post = "拟任职务",
    .notice_entry = "本公示的账本条目",
    .entry_seq = "条目序号",
    .entry_hash = "条目哈希（SHA-256）",
    .results_title = "$0 · 任前公示结果再公示",
    .results_intro =
        "任前公示已于 $0 结束。现将公示结果再次公示：公示基本情况、反映问题的调查处理情况，以及决定正式任用、"
        "暂缓任用和取消任职资格的干部。",
    .results_summary = "公示对象 $0 人：正式任用 $1 人，暂缓任用 $2 人，取消任职资格 $3 人，尚未决定 $4 人。",
    .outcome = "公示结果",
    .outcome_reason = "理由（调查处理情况）",
    .outcome_pending = "尚未决定",
    .outcome_appointed = "正式任用",
    .outcome_deferred = "暂缓任用",
    .outcome_disqualified = "取消任职资格",
    .outcomes_heading = "任前公示及其结果",
    .running_note = "公示期至 $0 结束，尚未结束，本文件不是再公示。",
};

constexpr RecordMessages kEnglishRecords = {
    .documents_heading = "Documents recorded by hash",
    .documents_note =
        "The files stay in the organisation department's archive and are never uploaded; the "
        "ledger records their SHA-256, size, file name, kind and who recorded them. "
        "`gongxin record check EXPORT --file FILE` tells whether a file in hand is the one "
        "recorded.",
    .doc_kind = "Kind",
    .doc_file = "File name",
    .doc_size = "Size (bytes)",
    .doc_candidate = "About",
    .doc_by = "Recorded by",
    .doc_at = "Recorded at (UTC+8)",
    .doc_entry = "Ledger entry",
    .kind_interview_record = "individual interview record",
    .kind_meeting_minutes = "meeting minutes (participants' opinions)",
    .kind_discipline_opinion = "discipline inspection commission's opinion",
    .kind_inspection_report = "inspection report",
    .opinions_heading = "Observers' opinions",
    .opinions_note = "What the observers (party deputies) wrote, in ledger order; observers do "
                     "not vote, and their opinions change no count.",
    .opinion_text = "Opinion",
    .opinion_by = "Observer",
    .notice_title = "$0 · pre-appointment notice",
    .notice_intro = "After recommendation, inspection and collective decision, the following "
                    "people are proposed for appointment. This notice invites comment; anyone "
                    "with concerns may raise them with the organisation department during the "
                    "notice period.",
    .notice_period = "Notice period",
    .notice_period_value = "$0 to $1",
    .notice_channels = "Published in",
    .notice_list_separator = ", ",
    .subject_name = "Name",
    .subject_current = "Current post",
    .subject_post = "Proposed post",
    .notice_entry = "This notice's ledger entry",
    .entry_seq = "Entry",
    .entry_hash = "Entry hash (SHA-256)",
    .results_title = "$0 · outcome of the pre-appointment notice",
    .results_intro = "The pre-appointment notice ended on $0. Its outcome is published again: "
                     "the notice, how concerns raised were examined, and who is appointed, "
                     "deferred or disqualified.",
    .results_summary = "$0 people on the notice: $1 appointed, $2 deferred, $3 disqualified, "
                       "$4 not yet decided.",
    .outcome = "Outcome",
    .outcome_reason = "Reason (findings)",
    .outcome_pending = "not yet decided",
    .outcome_appointed = "appointed",
    .outcome_deferred = "appointment deferred",
    .outcome_disqualified = "disqualified",
    .outcomes_heading = "Pre-appointment notice and its outcome",
    .running_note = "The notice runs until $0 and has not ended: this is not its outcome.",
};

}  // namespace

const RecordMessages& RecordMessagesFor(absl::string_view locale) {
  return IsEnglish(locale) ? kEnglishRecords : kChineseRecords;
}

std::string DocumentKindLabel(const RecordMessages& m, v1::DocumentKind kind) {
  switch (kind) {
    case v1::DOCUMENT_KIND_INTERVIEW_RECORD:
      return m.kind_interview_record;
    case v1::DOCUMENT_KIND_MEETING_MINUTES:
      return m.kind_meeting_minutes;
    case v1::DOCUMENT_KIND_DISCIPLINE_OPINION:
      return m.kind_discipline_opinion;
    case v1::DOCUMENT_KIND_INSPECTION_REPORT:
      return m.kind_inspection_report;
    default:
      return v1::DocumentKind_Name(kind);
  }
}

std::string OutcomeLabel(const RecordMessages& m, v1::AppointmentOutcome outcome) {
  switch (outcome) {
    case v1::APPOINTMENT_OUTCOME_APPOINTED:
      return m.outcome_appointed;
    case v1::APPOINTMENT_OUTCOME_DEFERRED:
      return m.outcome_deferred;
    case v1::APPOINTMENT_OUTCOME_DISQUALIFIED:
      return m.outcome_disqualified;
    default:
      return m.outcome_pending;
  }
}

}  // namespace gongxin::report
