#include "client/spec_loader.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "client/roll_csv.h"
#include "tally/composite.h"
#include "util/status_macros.h"
#include "yaml-cpp/yaml.h"

namespace gongxin::client {
namespace {

// A spec is a page or two of text; anything far larger is the wrong file.
constexpr size_t kMaxSpecFileBytes = 4u << 20;

// The text of the spec file, to turn yaml-cpp's byte offsets into the
// line:column a person sees.
class SpecFile {
 public:
  // `text` must outlive this object and is the exact buffer given to
  // yaml-cpp (BOM already removed), so that its offsets index into it.
  SpecFile(std::string name, absl::string_view text)
      : name_(std::move(name)), text_(text) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text_.size(); ++i) {
      if (text_[i] == '\n' || (text_[i] == '\r' && (i + 1 == text_.size() ||
                                                    text_[i + 1] != '\n'))) {
        line_starts_.push_back(i + 1);
      }
    }
  }

  const std::string& name() const { return name_; }

  // "meeting.yaml:14:12" for a byte offset; the column counts characters.
  std::string Locate(size_t offset) const {
    offset = std::min(offset, text_.size());
    const size_t line =
        std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) -
        line_starts_.begin();  // 1-based
    int column = 1;
    for (size_t i = line_starts_[line - 1]; i < offset; ++i) {
      // Count every byte that is not a UTF-8 continuation byte.
      if ((static_cast<unsigned char>(text_[i]) & 0xc0) != 0x80) ++column;
    }
    return absl::StrCat(name_, ":", line, ":", column);
  }

  // "meeting.yaml:14:12: forms[0].title: message"
  std::string Message(const YAML::Mark& mark, absl::string_view path,
                      absl::string_view message) const {
    const std::string where =
        mark.pos >= 0 ? Locate(static_cast<size_t>(mark.pos)) : name_;
    return path.empty() ? absl::StrCat(where, ": ", message)
                        : absl::StrCat(where, ": ", path, ": ", message);
  }

  absl::Status Error(const YAML::Mark& mark, absl::string_view path,
                     absl::string_view message) const {
    return absl::InvalidArgumentError(Message(mark, path, message));
  }

 private:
  std::string name_;
  absl::string_view text_;
  std::vector<size_t> line_starts_;  // byte offset of each line
};

// A node of the tree with the path and position used to report on it.
struct Value {
  YAML::Node node;
  // The value's own position; for an empty value (`key:` and nothing),
  // yaml-cpp has none, so it is the key's.
  YAML::Mark mark;
  std::string path;  // e.g. forms[0].questions[1].seats
};

std::string ChildPath(absl::string_view parent, absl::string_view key) {
  return parent.empty() ? std::string(key) : absl::StrCat(parent, ".", key);
}

// How a value was written, for "expected X, got Y" messages.
std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return absl::StrCat("\"", node.Scalar(), "\"");
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    default:
      return "nothing";
  }
}

// A plain scalar is one written without quotes or block markers; yaml-cpp
// tags those "?" and quoted ones "!". `seats: "1"` is a string in YAML and
// in JSON, so numbers and booleans must be plain.
bool IsPlainScalar(const YAML::Node& node) {
  return node.IsScalar() && node.Tag() != "!";
}

size_t EditDistance(absl::string_view a, absl::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Keys that belong to a sibling variant (another kind of question): refused
// with a message saying where they belong rather than "unknown key".
struct Misplaced {
  absl::Span<const absl::string_view> keys;
  absl::string_view why;  // e.g. "is for approval questions, not graded ones"
};

// A mapping whose keys have been checked against the allowed set.
class Mapping {
 public:
  // Checks that `value` is a mapping with string keys, no duplicate keys
  // and no key outside `allowed`; a key listed in `misplaced` is refused
  // with that entry's explanation.
  static absl::StatusOr<Mapping> Open(
      const SpecFile& file, const Value& value,
      absl::Span<const absl::string_view> allowed,
      absl::Span<const Misplaced> misplaced = {}) {
    if (!value.node.IsMap()) {
      return file.Error(value.mark, value.path,
                        absl::StrCat("expected a mapping (keys: ",
                                     absl::StrJoin(allowed, ", "), "), got ",
                                     Describe(value.node)));
    }
    Mapping mapping(file, value);
    // Bind each entry to a local: yaml-cpp's iterators hand out
    // temporaries, so a reference to `it->first` would dangle.
    for (const auto& entry : value.node) {
      const YAML::Node& key = entry.first;
      const YAML::Node& child = entry.second;
      if (!key.IsScalar()) {
        return file.Error(key.Mark(), value.path,
                          "a key must be a plain name, got " + Describe(key));
      }
      const std::string& name = key.Scalar();
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        for (const Misplaced& other : misplaced) {
          if (std::find(other.keys.begin(), other.keys.end(), name) !=
              other.keys.end()) {
            return file.Error(
                key.Mark(), value.path,
                absl::StrCat("key \"", name, "\" ", other.why,
                             "; allowed keys: ", absl::StrJoin(allowed, ", ")));
          }
        }
        return file.Error(key.Mark(), value.path,
                          UnknownKeyMessage(name, allowed));
      }
      for (const Entry& seen : mapping.entries_) {
        // yaml-cpp keeps both entries of a repeated key; the second would
        // be silently ignored by a lookup, so it is an error.
        if (seen.key == name) {
          return file.Error(
              key.Mark(), value.path,
              absl::StrCat("duplicate key \"", name, "\" (first at ",
                           file.Locate(seen.key_mark.pos), ")"));
        }
      }
      const bool has_mark =
          child.IsDefined() && !child.IsNull() && child.Mark().pos >= 0;
      mapping.entries_.push_back(
          Entry{name, key.Mark(),
                Value{child, has_mark ? child.Mark() : key.Mark(),
                      ChildPath(value.path, name)}});
    }
    return mapping;
  }

  // The value under `key`, or nullopt when the key is absent.
  std::optional<Value> Find(absl::string_view key) const {
    for (const Entry& e : entries_) {
      if (e.key == key) return e.value;
    }
    return std::nullopt;
  }

  absl::StatusOr<Value> Require(absl::string_view key) const {
    std::optional<Value> v = Find(key);
    if (!v) {
      return file_->Error(self_.mark, self_.path,
                          absl::StrCat("missing required key \"", key, "\""));
    }
    return *std::move(v);
  }

  const SpecFile& file() const { return *file_; }

 private:
  struct Entry {
    std::string key;
    YAML::Mark key_mark;
    Value value;
  };

  Mapping(const SpecFile& file, Value self)
      : file_(&file), self_(std::move(self)) {}

  static std::string UnknownKeyMessage(
      absl::string_view name, absl::Span<const absl::string_view> allowed) {
    std::string message = absl::StrCat("unknown key \"", name, "\"");
    absl::string_view best;
    size_t best_distance = 3;  // suggest only near misses
    for (absl::string_view candidate : allowed) {
      const size_t d = EditDistance(absl::AsciiStrToLower(name), candidate);
      if (d < best_distance && d < name.size()) {
        best = candidate;
        best_distance = d;
      }
    }
    if (!best.empty())
      absl::StrAppend(&message, " (did you mean \"", best, "\"?)");
    absl::StrAppend(&message, "; allowed keys: ", absl::StrJoin(allowed, ", "));
    return message;
  }

  const SpecFile* file_;
  Value self_;
  std::vector<Entry> entries_;
};

enum class Need { kRequired, kOptional };

// A string value. An empty value (`key:`, `key: ~`, `key: ""`) is "" and is
// refused for a required key, the most common slip when filling a template.
absl::StatusOr<std::string> GetString(const SpecFile& file, const Value& v,
                                      Need need) {
  std::string s;
  if (v.node.IsScalar()) {
    s = v.node.Scalar();
  } else if (!v.node.IsNull()) {
    return file.Error(v.mark, v.path,
                      "expected a string, got " + Describe(v.node));
  }
  if (need == Need::kRequired && absl::StripAsciiWhitespace(s).empty()) {
    return file.Error(v.mark, v.path, "must not be empty");
  }
  return s;
}

// Reads mapping[key] into *out. An absent optional key leaves *out as is.
absl::Status ReadString(const Mapping& m, absl::string_view key, Need need,
                        std::string* out) {
  std::optional<Value> v = m.Find(key);
  if (!v) {
    if (need == Need::kOptional) return absl::OkStatus();
    return m.Require(key).status();  // the located "missing" error
  }
  ASSIGN_OR_RETURN(*out, GetString(m.file(), *v, need));
  return absl::OkStatus();
}

// Decimal digits only, no sign and no leading zero: YAML 1.1 readers take
// 010 as octal 8, so a leading zero is refused rather than read one way.
absl::StatusOr<uint32_t> GetPositiveInt(const SpecFile& file, const Value& v) {
  const std::string text = v.node.IsScalar() ? v.node.Scalar() : "";
  const bool digits =
      !text.empty() && std::all_of(text.begin(), text.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
  if (!IsPlainScalar(v.node) || !digits) {
    std::string got = Describe(v.node);
    if (v.node.IsScalar() && !IsPlainScalar(v.node)) {
      got = "the quoted string " + got + " (write the number without quotes)";
    }
    return file.Error(v.mark, v.path,
                      "expected a positive integer, got " + got);
  }
  const char* problem = nullptr;
  if (text == "0") {
    problem = "";
  } else if (text[0] == '0') {
    problem = " (no leading zeros)";
  } else if (text.size() > 10 || (text.size() == 10 && text > "4294967295")) {
    problem = " (too large)";
  }
  if (problem != nullptr) {
    return file.Error(
        v.mark, v.path,
        absl::StrCat("expected a positive integer, got ", text, problem));
  }
  return static_cast<uint32_t>(std::stoul(text));
}

// YAML 1.1 also reads yes/no/on/off as booleans and YAML 1.2 does not; we
// accept only true/false so that no reader can disagree with us.
absl::StatusOr<bool> GetBool(const SpecFile& file, const Value& v) {
  if (IsPlainScalar(v.node)) {
    const std::string& s = v.node.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  return file.Error(v.mark, v.path,
                    "expected true or false, got " + Describe(v.node));
}

// One of the spellings in `choices`; returns the matching value.
template <typename E>
absl::StatusOr<E> GetEnum(
    const SpecFile& file, const Value& v,
    absl::Span<const std::pair<absl::string_view, E>> choices) {
  std::vector<absl::string_view> names;
  for (const auto& [name, e] : choices) {
    if (v.node.IsScalar() && v.node.Scalar() == name) return e;
    names.push_back(name);
  }
  return file.Error(v.mark, v.path,
                    absl::StrCat("expected one of ", absl::StrJoin(names, ", "),
                                 "; got ", Describe(v.node)));
}

// The elements of a list, each with its path (`forms[2]`).
absl::StatusOr<std::vector<Value>> GetList(const SpecFile& file, const Value& v,
                                           bool non_empty) {
  if (!v.node.IsSequence()) {
    return file.Error(v.mark, v.path,
                      "expected a list, got " + Describe(v.node));
  }
  if (non_empty && v.node.size() == 0) {
    return file.Error(v.mark, v.path, "must list at least one entry");
  }
  std::vector<Value> items;
  for (size_t i = 0; i < v.node.size(); ++i) {
    const YAML::Node& child = v.node[i];
    const bool has_mark = !child.IsNull() && child.Mark().pos >= 0;
    items.push_back(Value{child, has_mark ? child.Mark() : v.mark,
                          absl::StrCat(v.path, "[", i, "]")});
  }
  return items;
}

// --- The schema, one function per message ----------------------------------

absl::Status ReadCandidate(const SpecFile& file, const Value& v,
                           v1::Candidate* c) {
  ASSIGN_OR_RETURN(
      Mapping m,
      Mapping::Open(file, v, {"id", "name", "current_post", "note"}));
  RETURN_IF_ERROR(ReadString(m, "id", Need::kRequired, c->mutable_id()));
  RETURN_IF_ERROR(ReadString(m, "name", Need::kRequired, c->mutable_name()));
  RETURN_IF_ERROR(ReadString(m, "current_post", Need::kOptional,
                             c->mutable_current_post()));
  RETURN_IF_ERROR(ReadString(m, "note", Need::kOptional, c->mutable_note()));
  return absl::OkStatus();
}

// The keys of a question, by kind. A key of one kind on a question of the
// other is refused, naming the key, rather than ignored.
constexpr absl::string_view kApprovalKeys[] = {
    "id",    "title",       "kind",           "post",
    "seats", "max_choices", "allow_write_in", "candidates"};
constexpr absl::string_view kGradedKeys[] = {"id",       "title", "kind",
                                             "subjects", "scale", "dont_know"};
constexpr absl::string_view kAnyQuestionKeys[] = {
    "id",       "title",       "kind",           "post",
    "seats",    "max_choices", "allow_write_in", "candidates",
    "subjects", "scale",       "dont_know"};
constexpr Misplaced kNotApproval[] = {
    {kGradedKeys, "is for graded questions, not approval ones"}};
constexpr Misplaced kNotGraded[] = {
    {kApprovalKeys, "is for approval questions, not graded ones"}};

enum class Kind { kApproval, kGraded };

constexpr std::pair<absl::string_view, Kind> kKinds[] = {
    {"approval", Kind::kApproval}, {"graded", Kind::kGraded}};

// The `kind` a question mapping spells, if it is one we know. Read before
// the mapping is opened, because the kind decides which keys are allowed.
std::optional<Kind> PeekKind(const YAML::Node& node) {
  if (!node.IsMap()) return std::nullopt;
  for (const auto& entry : node) {
    const YAML::Node& key = entry.first;
    const YAML::Node& value = entry.second;
    if (!key.IsScalar() || key.Scalar() != "kind") continue;
    if (!value.IsScalar()) return std::nullopt;
    for (const auto& [name, kind] : kKinds) {
      if (value.Scalar() == name) return kind;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

// Named scales (rules S-1, S-4, C2), best first. `dont_know: true` beside a
// named scale appends kDontKnowGrade.
struct PresetGrade {
  absl::string_view id;
  absl::string_view label;
};
constexpr PresetGrade kCompetencyScale[] = {
    {"competent", "胜任"}, {"basic", "基本胜任"}, {"incompetent", "不胜任"}};
constexpr PresetGrade kAnnualReviewScale[] = {{"excellent", "优秀"},
                                              {"competent", "称职"},
                                              {"basic", "基本称职"},
                                              {"incompetent", "不称职"}};
constexpr PresetGrade kSatisfactionScale[] = {
    {"satisfied", "满意"}, {"basic", "基本满意"}, {"dissatisfied", "不满意"}};
constexpr PresetGrade kDontKnowGrade = {"unknown", "不了解"};
struct PresetScale {
  absl::string_view name;
  absl::Span<const PresetGrade> grades;
};
constexpr PresetScale kPresetScales[] = {{"competency", kCompetencyScale},
                                         {"annual_review", kAnnualReviewScale},
                                         {"satisfaction", kSatisfactionScale}};

absl::Status ReadApproval(const SpecFile& file, const Mapping& m,
                          v1::ApprovalQuestion* a) {
  RETURN_IF_ERROR(ReadString(m, "post", Need::kRequired, a->mutable_post()));
  ASSIGN_OR_RETURN(Value seats, m.Require("seats"));
  ASSIGN_OR_RETURN(uint32_t seat_count, GetPositiveInt(file, seats));
  a->set_seats(seat_count);
  a->set_max_choices(seat_count);
  if (std::optional<Value> max = m.Find("max_choices")) {
    ASSIGN_OR_RETURN(uint32_t max_choices, GetPositiveInt(file, *max));
    a->set_max_choices(max_choices);
  }
  if (std::optional<Value> write_in = m.Find("allow_write_in")) {
    ASSIGN_OR_RETURN(bool allow, GetBool(file, *write_in));
    a->set_allow_write_in(allow);
  }
  ASSIGN_OR_RETURN(Value candidates, m.Require("candidates"));
  ASSIGN_OR_RETURN(std::vector<Value> items,
                   GetList(file, candidates, /*non_empty=*/true));
  for (const Value& item : items) {
    RETURN_IF_ERROR(ReadCandidate(file, item, a->add_candidates()));
  }
  return absl::OkStatus();
}

absl::Status ReadGrade(const SpecFile& file, const Value& v, v1::Grade* g) {
  ASSIGN_OR_RETURN(Mapping m,
                   Mapping::Open(file, v, {"id", "label", "dont_know"}));
  RETURN_IF_ERROR(ReadString(m, "id", Need::kRequired, g->mutable_id()));
  RETURN_IF_ERROR(ReadString(m, "label", Need::kRequired, g->mutable_label()));
  if (std::optional<Value> dont_know = m.Find("dont_know")) {
    ASSIGN_OR_RETURN(bool flag, GetBool(file, *dont_know));
    g->set_dont_know(flag);
  }
  return absl::OkStatus();
}

// `scale:` is a list of grades, or the name of a preset written out here
// grade by grade, so that the stored spec says exactly what voters saw.
absl::Status ReadScale(const SpecFile& file, const Mapping& m,
                       v1::GradedQuestion* g) {
  ASSIGN_OR_RETURN(Value scale, m.Require("scale"));
  const std::optional<Value> dont_know = m.Find("dont_know");
  if (scale.node.IsSequence()) {
    if (dont_know) {
      return file.Error(
          dont_know->mark, dont_know->path,
          "applies to a named scale only; in a listed scale mark the grade "
          "itself, e.g. {id: unknown, label: 不了解, dont_know: true}");
    }
    ASSIGN_OR_RETURN(std::vector<Value> items,
                     GetList(file, scale, /*non_empty=*/true));
    for (const Value& item : items) {
      RETURN_IF_ERROR(ReadGrade(file, item, g->add_scale()));
    }
    return absl::OkStatus();
  }
  const PresetScale* preset = nullptr;
  std::vector<absl::string_view> names;
  for (const PresetScale& p : kPresetScales) {
    if (scale.node.IsScalar() && scale.node.Scalar() == p.name) preset = &p;
    names.push_back(p.name);
  }
  if (preset == nullptr) {
    return file.Error(
        scale.mark, scale.path,
        absl::StrCat("expected a list of grades or a named scale (",
                     absl::StrJoin(names, ", "), "); got ",
                     Describe(scale.node)));
  }
  for (const PresetGrade& grade : preset->grades) {
    v1::Grade* out = g->add_scale();
    out->set_id(std::string(grade.id));
    out->set_label(std::string(grade.label));
  }
  if (dont_know) {
    ASSIGN_OR_RETURN(bool append, GetBool(file, *dont_know));
    if (append) {
      v1::Grade* out = g->add_scale();
      out->set_id(std::string(kDontKnowGrade.id));
      out->set_label(std::string(kDontKnowGrade.label));
      out->set_dont_know(true);
    }
  }
  return absl::OkStatus();
}

absl::Status ReadGraded(const SpecFile& file, const Mapping& m,
                        v1::GradedQuestion* g) {
  ASSIGN_OR_RETURN(Value subjects, m.Require("subjects"));
  ASSIGN_OR_RETURN(std::vector<Value> items,
                   GetList(file, subjects, /*non_empty=*/true));
  for (const Value& item : items) {
    RETURN_IF_ERROR(ReadCandidate(file, item, g->add_subjects()));
  }
  return ReadScale(file, m, g);
}

absl::Status ReadQuestion(const SpecFile& file, const Value& v,
                          v1::Question* q) {
  // The keys allowed depend on `kind`. Until the kind is known, any
  // question key passes here and the kind's own error is reported below.
  const std::optional<Kind> peeked = PeekKind(v.node);
  absl::Span<const absl::string_view> allowed = kAnyQuestionKeys;
  absl::Span<const Misplaced> misplaced;
  if (peeked == Kind::kApproval) {
    allowed = kApprovalKeys;
    misplaced = kNotApproval;
  } else if (peeked == Kind::kGraded) {
    allowed = kGradedKeys;
    misplaced = kNotGraded;
  }
  ASSIGN_OR_RETURN(Mapping m, Mapping::Open(file, v, allowed, misplaced));
  RETURN_IF_ERROR(ReadString(m, "id", Need::kRequired, q->mutable_id()));
  RETURN_IF_ERROR(ReadString(m, "title", Need::kRequired, q->mutable_title()));
  ASSIGN_OR_RETURN(Value kind_value, m.Require("kind"));
  ASSIGN_OR_RETURN(Kind kind, GetEnum<Kind>(file, kind_value, kKinds));
  switch (kind) {
    case Kind::kApproval:
      return ReadApproval(file, m, q->mutable_approval());
    case Kind::kGraded:
      return ReadGraded(file, m, q->mutable_graded());
  }
  return absl::OkStatus();  // unreachable: the enum is closed
}

absl::Status ReadForm(const SpecFile& file, const Value& v, v1::Form* form) {
  ASSIGN_OR_RETURN(Mapping m,
                   Mapping::Open(file, v,
                                 {"id", "title", "mode", "eligible_groups",
                                  "overvote", "token_key_bits", "questions"}));
  RETURN_IF_ERROR(ReadString(m, "id", Need::kRequired, form->mutable_id()));
  RETURN_IF_ERROR(
      ReadString(m, "title", Need::kRequired, form->mutable_title()));
  // No default for the mode: whether a ballot is bound to the voter is the
  // one choice that must never be made by omission.
  ASSIGN_OR_RETURN(Value mode, m.Require("mode"));
  ASSIGN_OR_RETURN(
      v1::FormMode form_mode,
      GetEnum<v1::FormMode>(file, mode,
                            {{"named", v1::FORM_MODE_NAMED},
                             {"anonymous", v1::FORM_MODE_ANONYMOUS}}));
  form->set_mode(form_mode);
  if (std::optional<Value> groups = m.Find("eligible_groups")) {
    ASSIGN_OR_RETURN(std::vector<Value> items,
                     GetList(file, *groups, /*non_empty=*/false));
    for (const Value& item : items) {
      ASSIGN_OR_RETURN(*form->add_eligible_groups(),
                       GetString(file, item, Need::kRequired));
    }
  }
  form->set_overvote_policy(v1::OVERVOTE_POLICY_REJECT);
  if (std::optional<Value> overvote = m.Find("overvote")) {
    ASSIGN_OR_RETURN(
        v1::OvervotePolicy policy,
        GetEnum<v1::OvervotePolicy>(file, *overvote,
                                    {{"reject", v1::OVERVOTE_POLICY_REJECT},
                                     {"spoil", v1::OVERVOTE_POLICY_SPOIL}}));
    form->set_overvote_policy(policy);
  }
  // Anonymous forms only: the size of the form's blind-signature key (the
  // server checks the range, 2048 to 4096; 0 means its default).
  if (std::optional<Value> bits = m.Find("token_key_bits")) {
    ASSIGN_OR_RETURN(uint32_t key_bits, GetPositiveInt(file, *bits));
    form->set_token_key_bits(key_bits);
  }
  ASSIGN_OR_RETURN(Value questions, m.Require("questions"));
  ASSIGN_OR_RETURN(std::vector<Value> items,
                   GetList(file, questions, /*non_empty=*/true));
  for (const Value& item : items) {
    RETURN_IF_ERROR(ReadQuestion(file, item, form->add_questions()));
  }
  return absl::OkStatus();
}

absl::Status ReadGroup(const SpecFile& file, const Value& v,
                       v1::VoterGroup* group) {
  ASSIGN_OR_RETURN(Mapping m, Mapping::Open(file, v, {"id", "name"}));
  RETURN_IF_ERROR(ReadString(m, "id", Need::kRequired, group->mutable_id()));
  RETURN_IF_ERROR(
      ReadString(m, "name", Need::kRequired, group->mutable_name()));
  return absl::OkStatus();
}

// --- Composite rules (rules S-2, S-3, S-9) ------------------------------------

// A weight, score or threshold: kept as the text written ("90", "87.5",
// "100/3"), so nothing is rounded on its way to the server, which checks it.
absl::Status ReadNumber(const Mapping& m, absl::string_view key, std::string* out) {
  std::optional<Value> v = m.Find(key);
  if (!v) return absl::OkStatus();
  if (!IsPlainScalar(v->node)) {
    return m.file().Error(v->mark, v->path,
                          "expected a number such as 90, 87.5 or 100/3, got " + Describe(v->node));
  }
  *out = v->node.Scalar();
  return absl::OkStatus();
}

absl::Status ReadComponent(const SpecFile& file, const Value& v, v1::CompositeComponent* c) {
  ASSIGN_OR_RETURN(Mapping m, Mapping::Open(file, v,
                                            {"id", "label", "weight", "ballot", "officer",
                                             "veto_below"}));
  RETURN_IF_ERROR(ReadString(m, "id", Need::kRequired, c->mutable_id()));
  RETURN_IF_ERROR(ReadString(m, "label", Need::kRequired, c->mutable_label()));
  RETURN_IF_ERROR(m.Require("weight").status());
  RETURN_IF_ERROR(ReadNumber(m, "weight", c->mutable_weight()));
  RETURN_IF_ERROR(ReadNumber(m, "veto_below", c->mutable_veto_below()));
  const std::optional<Value> ballot = m.Find("ballot");
  const std::optional<Value> officer = m.Find("officer");
  if (ballot.has_value() == officer.has_value()) {
    return file.Error(v.mark, v.path, "needs exactly one of \"ballot\" and \"officer\"");
  }
  if (ballot) {
    ASSIGN_OR_RETURN(Mapping b, Mapping::Open(file, *ballot, {"form", "question", "kind", "grades"}));
    v1::BallotFigure* fig = c->mutable_ballot();
    RETURN_IF_ERROR(ReadString(b, "form", Need::kRequired, fig->mutable_form_id()));
    RETURN_IF_ERROR(ReadString(b, "question", Need::kRequired, fig->mutable_question_id()));
    ASSIGN_OR_RETURN(Value kind, b.Require("kind"));
    ASSIGN_OR_RETURN(v1::BallotFigure::Kind k,
                     GetEnum<v1::BallotFigure::Kind>(
                         file, kind,
                         {{"vote_rate", v1::BallotFigure::KIND_VOTE_RATE},
                          {"grade_share", v1::BallotFigure::KIND_GRADE_SHARE}}));
    fig->set_kind(k);
    if (std::optional<Value> grades = b.Find("grades")) {
      ASSIGN_OR_RETURN(std::vector<Value> items, GetList(file, *grades, /*non_empty=*/true));
      for (const Value& item : items) {
        ASSIGN_OR_RETURN(*fig->add_grade_ids(), GetString(file, item, Need::kRequired));
      }
    }
  } else {
    ASSIGN_OR_RETURN(Mapping o, Mapping::Open(file, *officer, {"min", "max"}));
    v1::OfficerIndicator* ind = c->mutable_officer();
    ind->set_scale_min("0");
    ind->set_scale_max("100");
    RETURN_IF_ERROR(ReadNumber(o, "min", ind->mutable_scale_min()));
    RETURN_IF_ERROR(ReadNumber(o, "max", ind->mutable_scale_max()));
  }
  return absl::OkStatus();
}

// A rule names a preset (S-2, S-3), written out here component by component
// so that the stored spec says exactly how the composite is made, or lists
// its components.
absl::Status ReadComposite(const SpecFile& file, const Value& v, const v1::MeetingSpec& spec,
                           v1::CompositeRule* rule) {
  ASSIGN_OR_RETURN(Mapping m, Mapping::Open(file, v,
                                            {"id", "title", "preset", "form", "question",
                                             "components", "exclude_below", "take_ratio",
                                             "posts"}));
  RETURN_IF_ERROR(ReadString(m, "id", Need::kRequired, rule->mutable_id()));
  RETURN_IF_ERROR(ReadString(m, "title", Need::kRequired, rule->mutable_title()));
  RETURN_IF_ERROR(ReadString(m, "form", Need::kRequired, rule->mutable_form_id()));
  RETURN_IF_ERROR(ReadString(m, "question", Need::kRequired, rule->mutable_question_id()));
  RETURN_IF_ERROR(ReadNumber(m, "exclude_below", rule->mutable_exclude_below()));
  if (std::optional<Value> ratio = m.Find("take_ratio")) {
    ASSIGN_OR_RETURN(uint32_t n, GetPositiveInt(file, *ratio));
    rule->set_take_ratio(n);
  }
  if (std::optional<Value> posts = m.Find("posts")) {
    ASSIGN_OR_RETURN(uint32_t n, GetPositiveInt(file, *posts));
    rule->set_posts(n);
  }
  std::optional<Value> preset = m.Find("preset");
  std::optional<Value> components = m.Find("components");
  if (preset.has_value() == components.has_value()) {
    return file.Error(v.mark, v.path, "needs exactly one of \"preset\" (S-2 or S-3) and \"components\"");
  }
  if (components) {
    ASSIGN_OR_RETURN(std::vector<Value> items, GetList(file, *components, /*non_empty=*/true));
    for (const Value& item : items) {
      RETURN_IF_ERROR(ReadComponent(file, item, rule->add_components()));
    }
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(absl::string_view name,
                   GetEnum<absl::string_view>(file, *preset,
                                              {{"S-2", tally::kPresetS2}, {"S-3", tally::kPresetS3}}));
  rule->set_preset(std::string(name));
  absl::Status expanded = tally::ExpandCompositePreset(spec, *rule);
  if (!expanded.ok()) return file.Error(preset->mark, preset->path, expanded.message());
  return absl::OkStatus();
}

// Maps the top-level mapping onto `spec`; returns the `roll:` value, if any.
absl::StatusOr<std::optional<Value>> ReadMeeting(const SpecFile& file,
                                                 const Value& root,
                                                 v1::MeetingSpec* spec) {
  ASSIGN_OR_RETURN(Mapping m,
                   Mapping::Open(file, root,
                                 {"title", "unit", "description", "locale",
                                  "roll", "groups", "forms", "composites",
                                  "count_approvals_required"}));
  RETURN_IF_ERROR(
      ReadString(m, "title", Need::kRequired, spec->mutable_title()));
  RETURN_IF_ERROR(ReadString(m, "unit", Need::kRequired, spec->mutable_unit()));
  RETURN_IF_ERROR(ReadString(m, "description", Need::kOptional,
                             spec->mutable_description()));
  spec->set_locale("zh-CN");
  if (std::optional<Value> locale = m.Find("locale")) {
    ASSIGN_OR_RETURN(absl::string_view name,
                     GetEnum<absl::string_view>(
                         file, *locale, {{"zh-CN", "zh-CN"}, {"en", "en"}}));
    spec->set_locale(std::string(name));
  }
  ASSIGN_OR_RETURN(Value groups, m.Require("groups"));
  ASSIGN_OR_RETURN(std::vector<Value> group_items,
                   GetList(file, groups, /*non_empty=*/true));
  for (const Value& item : group_items) {
    RETURN_IF_ERROR(ReadGroup(file, item, spec->add_groups()));
  }
  ASSIGN_OR_RETURN(Value forms, m.Require("forms"));
  ASSIGN_OR_RETURN(std::vector<Value> form_items,
                   GetList(file, forms, /*non_empty=*/true));
  for (const Value& item : form_items) {
    RETURN_IF_ERROR(ReadForm(file, item, spec->add_forms()));
  }
  if (std::optional<Value> approvals = m.Find("count_approvals_required")) {
    ASSIGN_OR_RETURN(uint32_t n, GetPositiveInt(file, *approvals));
    spec->set_count_approvals_required(n);
  }
  if (std::optional<Value> composites = m.Find("composites")) {
    ASSIGN_OR_RETURN(std::vector<Value> items, GetList(file, *composites, /*non_empty=*/true));
    for (const Value& item : items) {
      RETURN_IF_ERROR(ReadComposite(file, item, *spec, spec->add_composites()));
    }
  }
  return m.Find("roll");
}

}  // namespace

absl::StatusOr<LoadedMeeting> LoadMeetingSpec(
    const std::string& spec_path, const std::string& roll_path_override) {
  ASSIGN_OR_RETURN(std::string bytes,
                   ReadFileToString(spec_path, kMaxSpecFileBytes));
  const absl::string_view text = StripUtf8Bom(bytes);
  const SpecFile file(spec_path, text);
  if (std::optional<size_t> bad = FirstInvalidUtf8(text)) {
    return absl::InvalidArgumentError(
        absl::StrCat(file.Locate(*bad),
                     ": not valid UTF-8; save the file as "
                     "UTF-8"));
  }

  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    return file.Error(e.mark, "", "YAML syntax error: " + e.msg);
  }
  if (documents.empty() || documents[0].IsNull()) {
    return absl::InvalidArgumentError(
        absl::StrCat(spec_path,
                     ": the file is empty; expected a meeting spec (see "
                     "docs/spec-format.md)"));
  }
  if (documents.size() > 1) {
    return file.Error(documents[1].Mark(), "",
                      "only one YAML document is allowed in a spec");
  }

  LoadedMeeting meeting;
  const Value root{documents[0], documents[0].Mark(), ""};
  ASSIGN_OR_RETURN(std::optional<Value> roll_value,
                   ReadMeeting(file, root, &meeting.spec));

  std::string roll_path = roll_path_override;
  if (roll_path.empty()) {
    if (!roll_value) {
      return file.Error(root.mark, "",
                        "missing required key \"roll\" (or give the roll "
                        "file explicitly)");
    }
    ASSIGN_OR_RETURN(std::string name,
                     GetString(file, *roll_value, Need::kRequired));
    // Relative to the spec, so a meeting directory can be moved or zipped
    // as a whole; an absolute path stays as it is.
    roll_path =
        (std::filesystem::path(spec_path).parent_path() / name).string();
    absl::StatusOr<v1::Roll> roll = LoadRollCsv(roll_path);
    if (!roll.ok() && !absl::IsInvalidArgument(roll.status())) {
      // An I/O error: say which line of the spec named the file. (A parse
      // error already names the roll file, row and column.)
      return absl::Status(
          roll.status().code(),
          file.Message(roll_value->mark, "roll", roll.status().message()));
    }
    if (!roll.ok()) return roll.status();
    meeting.roll = *std::move(roll);
  } else {
    if (roll_value) {
      // Still type-checked: an override must not hide a broken spec.
      RETURN_IF_ERROR(GetString(file, *roll_value, Need::kRequired).status());
    }
    ASSIGN_OR_RETURN(meeting.roll, LoadRollCsv(roll_path));
  }
  return meeting;
}

}  // namespace gongxin::client
