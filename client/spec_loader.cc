#include "client/spec_loader.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "client/candidates_csv.h"
#include "client/roll_csv.h"
#include "tally/text.h"
#include "tally/presets.h"
#include "tally/composite.h"
#include "tally/rational.h"
#include "util/status_macros.h"
#include "yaml-cpp/eventhandler.h"
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
    const size_t start = line_starts_[line - 1];
    const size_t column = 1 + tally::CodePointCount(text_.substr(start, offset - start));
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

// A decision candidate (rule D4) may also carry its proposed post and the
// voters recused on it (rule B4); other lists refuse those keys.
absl::Status ReadCandidate(const SpecFile& file, const Value& v,
                           v1::Candidate* c, bool decision = false) {
  static constexpr absl::string_view kPersonKeys[] = {"id", "name",
                                                      "current_post", "note"};
  static constexpr absl::string_view kDecisionKeys[] = {
      "id", "name", "current_post", "note", "proposed_post", "recused"};
  static constexpr absl::string_view kDecisionOnly[] = {"proposed_post",
                                                        "recused"};
  static constexpr Misplaced kNotDecision[] = {
      {kDecisionOnly, "is for candidates of a decision question"}};
  ASSIGN_OR_RETURN(
      Mapping m,
      decision ? Mapping::Open(file, v, kDecisionKeys)
               : Mapping::Open(file, v, kPersonKeys, kNotDecision));
  RETURN_IF_ERROR(ReadString(m, "id", Need::kRequired, c->mutable_id()));
  RETURN_IF_ERROR(ReadString(m, "name", Need::kRequired, c->mutable_name()));
  RETURN_IF_ERROR(ReadString(m, "current_post", Need::kOptional,
                             c->mutable_current_post()));
  RETURN_IF_ERROR(ReadString(m, "note", Need::kOptional, c->mutable_note()));
  if (!decision) return absl::OkStatus();
  RETURN_IF_ERROR(ReadString(m, "proposed_post", Need::kOptional,
                             c->mutable_proposed_post()));
  if (std::optional<Value> recused = m.Find("recused")) {
    ASSIGN_OR_RETURN(std::vector<Value> items,
                     GetList(file, *recused, /*non_empty=*/false));
    for (const Value& item : items) {
      ASSIGN_OR_RETURN(*c->add_recused_voter_ids(),
                       GetString(file, item, Need::kRequired));
    }
  }
  return absl::OkStatus();
}

// A list of people (candidates, subjects): a YAML list of mappings, or the
// name of a CSV file of them (client/candidates_csv.h), resolved relative
// to the spec's directory like `roll:`.
absl::Status ReadPeople(const SpecFile& file, const Value& v, bool decision,
                        google::protobuf::RepeatedPtrField<v1::Candidate>* out) {
  if (v.node.IsScalar()) {
    ASSIGN_OR_RETURN(std::string name, GetString(file, v, Need::kRequired));
    const std::string path =
        (std::filesystem::path(file.name()).parent_path() / name).string();
    absl::StatusOr<std::vector<v1::Candidate>> people = LoadCandidatesCsv(
        path, decision ? CandidateList::kDecision : CandidateList::kPersons);
    if (!people.ok() && !absl::IsInvalidArgument(people.status())) {
      // An I/O error: say which line of the spec named the file. (A parse
      // error already names the CSV file, row and column.)
      return absl::Status(people.status().code(),
                          file.Message(v.mark, v.path, people.status().message()));
    }
    if (!people.ok()) return people.status();
    for (v1::Candidate& c : *people) *out->Add() = std::move(c);
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(std::vector<Value> items, GetList(file, v, /*non_empty=*/true));
  for (const Value& item : items) {
    RETURN_IF_ERROR(ReadCandidate(file, item, out->Add(), decision));
  }
  return absl::OkStatus();
}

// The keys of a question, by kind. A key of one kind on a question of the
// other is refused, naming the key, rather than ignored.
constexpr absl::string_view kApprovalKeys[] = {
    "id",         "title",         "kind",
    "post",       "seats",         "max_choices",
    "allow_write_in", "candidates", "shortlist",
    "min_vote_rate",  "min_vote_rate_basis", "rate_basis"};
constexpr absl::string_view kGradedKeys[] = {
    "id",        "title",  "kind",        "subjects",    "scale",
    "dont_know", "scores", "rate_basis",  "satisfaction"};
constexpr absl::string_view kDecisionKeys[] = {
    "id",         "title",       "kind",     "candidates",
    "allow_defer", "quorum",     "pass",     "pass_basis",
    "recused_leave_denominator", "competitive", "max_agree", "post"};
constexpr absl::string_view kElementKeys[] = {"id", "title", "kind",
                                              "elements", "candidates"};
constexpr absl::string_view kChecklistKeys[] = {"id", "title", "kind",
                                                "subjects", "items"};
constexpr absl::string_view kAnyQuestionKeys[] = {
    "id",           "title",         "kind",
    "post",         "seats",         "max_choices",
    "allow_write_in", "candidates",  "shortlist",
    "min_vote_rate",  "min_vote_rate_basis", "rate_basis",
    "subjects",     "scale",         "dont_know",
    "scores",       "satisfaction",  "allow_defer",
    "quorum",   "pass",        "pass_basis",     "recused_leave_denominator",
    "competitive", "max_agree", "elements",      "items"};
constexpr Misplaced kNotApproval[] = {
    {kGradedKeys, "is for graded questions, not approval ones"},
    {kDecisionKeys, "is for decision questions, not approval ones"},
    {kElementKeys, "is for element questions, not approval ones"},
    {kChecklistKeys, "is for checklist questions, not approval ones"}};
constexpr Misplaced kNotGraded[] = {
    {kApprovalKeys, "is for approval questions, not graded ones"},
    {kDecisionKeys, "is for decision questions, not graded ones"},
    {kChecklistKeys, "is for checklist questions, not graded ones"}};
constexpr Misplaced kNotDecision[] = {
    {kApprovalKeys, "is for approval questions, not decision ones (no write-ins, rule B5)"},
    {kGradedKeys, "is for graded questions, not decision ones"},
    {kElementKeys, "is for element questions, not decision ones"}};
constexpr Misplaced kNotElement[] = {
    {kApprovalKeys, "is for approval questions, not element ones"},
    {kDecisionKeys, "is for decision questions, not element ones"},
    {kChecklistKeys, "is for checklist questions, not element ones"}};
constexpr Misplaced kNotChecklist[] = {
    {kApprovalKeys, "is for approval questions, not checklist ones"},
    {kGradedKeys, "is for graded questions, not checklist ones"},
    {kElementKeys, "is for element questions, not checklist ones"}};

enum class Kind { kApproval, kGraded, kDecision, kElement, kChecklist };

constexpr std::pair<absl::string_view, Kind> kKinds[] = {
    {"approval", Kind::kApproval},   {"graded", Kind::kGraded},
    {"decision", Kind::kDecision},   {"element", Kind::kElement},
    {"checklist", Kind::kChecklist}};

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


// --- Counting rules (docs/spec-format.md, "Counting rules") -----------------

// A fraction written "2/3" or "40%" (→ 40/100).
absl::StatusOr<v1::Fraction> GetFraction(const SpecFile& file, const Value& v) {
  const std::string text = v.node.IsScalar() ? v.node.Scalar() : "";
  auto digits = [](absl::string_view s) {
    return !s.empty() && s.size() <= 9 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  v1::Fraction f;
  const size_t slash = text.find('/');
  if (slash != std::string::npos && digits(text.substr(0, slash)) &&
      digits(text.substr(slash + 1))) {
    f.set_num(std::stoull(text.substr(0, slash)));
    f.set_den(std::stoull(text.substr(slash + 1)));
  } else if (text.size() > 1 && text.back() == '%' &&
             digits(text.substr(0, text.size() - 1))) {
    f.set_num(std::stoull(text.substr(0, text.size() - 1)));
    f.set_den(100);
  } else {
    return file.Error(v.mark, v.path,
                      "expected a fraction such as 2/3 or 40%, got " +
                          Describe(v.node));
  }
  if (f.den() == 0) {
    return file.Error(v.mark, v.path, "the denominator must not be 0");
  }
  return f;
}

constexpr std::pair<absl::string_view, v1::RateBasis> kBases[] = {
    {"due", v1::RATE_BASIS_DUE},         {"present", v1::RATE_BASIS_PRESENT},
    {"returned", v1::RATE_BASIS_RETURNED}, {"valid", v1::RATE_BASIS_VALID},
    {"assessed", v1::RATE_BASIS_ASSESSED}};
constexpr std::pair<absl::string_view, v1::Comparator> kComparators[] = {
    {"ge", v1::COMPARATOR_GE}, {"gt", v1::COMPARATOR_GT},
    {"le", v1::COMPARATOR_LE}, {"lt", v1::COMPARATOR_LT}};

absl::Status ReadBasis(const SpecFile& file, const Mapping& m,
                       absl::string_view key, v1::RateBasis* out) {
  if (std::optional<Value> v = m.Find(key)) {
    ASSIGN_OR_RETURN(*out, GetEnum<v1::RateBasis>(file, *v, kBases));
  }
  return absl::OkStatus();
}

// `quorum: none` or `quorum: {fraction: 2/3, comparator: ge}` (rules A4, B1).
absl::Status ReadQuorum(const SpecFile& file, const Value& v,
                        v1::QuorumRule* q) {
  if (v.node.IsScalar() && v.node.Scalar() == "none") {
    q->set_disabled(true);
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(Mapping m,
                   Mapping::Open(file, v, {"fraction", "comparator"}));
  ASSIGN_OR_RETURN(Value fraction, m.Require("fraction"));
  ASSIGN_OR_RETURN(*q->mutable_fraction(), GetFraction(file, fraction));
  if (std::optional<Value> c = m.Find("comparator")) {
    ASSIGN_OR_RETURN(v1::Comparator comparator,
                     GetEnum<v1::Comparator>(file, *c, kComparators));
    q->set_comparator(comparator);
  }
  return absl::OkStatus();
}

// A rule: `{preset: S-1}` (optionally with fraction, basis, question), or
// spelled out in full.
absl::Status ReadRule(const SpecFile& file, const Value& v,
                      v1::ThresholdRule* r) {
  ASSIGN_OR_RETURN(
      Mapping m,
      Mapping::Open(file, v,
                    {"preset", "id", "text", "text_en", "measure", "grades",
                     "comparator", "fraction", "basis", "flag", "kind",
                     "question"}));
  RETURN_IF_ERROR(ReadString(m, "question", Need::kOptional,
                             r->mutable_question_id()));
  if (std::optional<Value> fraction = m.Find("fraction")) {
    ASSIGN_OR_RETURN(*r->mutable_fraction(), GetFraction(file, *fraction));
  }
  v1::RateBasis basis = v1::RATE_BASIS_UNSPECIFIED;
  RETURN_IF_ERROR(ReadBasis(file, m, "basis", &basis));
  r->set_basis(basis);
  if (std::optional<Value> preset = m.Find("preset")) {
    ASSIGN_OR_RETURN(std::string name,
                     GetString(file, *preset, Need::kRequired));
    if (!tally::PresetRules(name).ok()) {
      return file.Error(preset->mark, preset->path,
                        absl::StrCat("unknown preset \"", name, "\"; known: ",
                                     absl::StrJoin(tally::PresetNames(), ", ")));
    }
    for (absl::string_view key :
         {"id", "text", "text_en", "measure", "grades", "comparator", "flag",
          "kind"}) {
      if (std::optional<Value> extra = m.Find(key)) {
        return file.Error(
            extra->mark, extra->path,
            "a preset reference takes only fraction, basis and question; "
            "spell the rule out to change more");
      }
    }
    r->set_preset(name);
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(ReadString(m, "id", Need::kRequired, r->mutable_rule_id()));
  RETURN_IF_ERROR(ReadString(m, "text", Need::kRequired, r->mutable_text_zh()));
  RETURN_IF_ERROR(
      ReadString(m, "text_en", Need::kOptional, r->mutable_text_en()));
  ASSIGN_OR_RETURN(Value measure, m.Require("measure"));
  ASSIGN_OR_RETURN(v1::Measure measure_value,
                   GetEnum<v1::Measure>(file, measure,
                                        {{"grades", v1::MEASURE_GRADES},
                                         {"excellent", v1::MEASURE_EXCELLENT},
                                         {"pass", v1::MEASURE_PASS},
                                         {"votes", v1::MEASURE_VOTES}}));
  r->set_measure(measure_value);
  if (std::optional<Value> grades = m.Find("grades")) {
    ASSIGN_OR_RETURN(std::vector<Value> items,
                     GetList(file, *grades, /*non_empty=*/true));
    for (const Value& item : items) {
      ASSIGN_OR_RETURN(*r->add_grades(),
                       GetString(file, item, Need::kRequired));
    }
  }
  ASSIGN_OR_RETURN(Value comparator, m.Require("comparator"));
  ASSIGN_OR_RETURN(v1::Comparator c,
                   GetEnum<v1::Comparator>(file, comparator, kComparators));
  r->set_comparator(c);
  RETURN_IF_ERROR(m.Require("fraction").status());
  if (basis == v1::RATE_BASIS_UNSPECIFIED) {
    RETURN_IF_ERROR(m.Require("basis").status());
  }
  RETURN_IF_ERROR(ReadString(m, "flag", Need::kRequired, r->mutable_flag()));
  r->set_kind(v1::FLAG_KIND_ADVICE);
  if (std::optional<Value> kind = m.Find("kind")) {
    ASSIGN_OR_RETURN(v1::FlagKind k,
                     GetEnum<v1::FlagKind>(file, *kind,
                                           {{"advice", v1::FLAG_KIND_ADVICE},
                                            {"veto", v1::FLAG_KIND_VETO}}));
    r->set_kind(k);
  }
  return absl::OkStatus();
}

// Approval extras: `shortlist: 1:3` (or 3), min_vote_rate, bases.
absl::Status ReadApprovalRules(const SpecFile& file, const Mapping& m,
                               v1::ApprovalQuestion* a) {
  if (std::optional<Value> shortlist = m.Find("shortlist")) {
    std::string text =
        shortlist->node.IsScalar() ? shortlist->node.Scalar() : "";
    if (absl::StartsWith(text, "1:")) text = text.substr(2);
    if (text.empty() || text.size() > 2 || text[0] == '0' ||
        !std::all_of(text.begin(), text.end(),
                     [](char c) { return c >= '0' && c <= '9'; })) {
      return file.Error(shortlist->mark, shortlist->path,
                        "expected a differential ratio such as 1:3, got " +
                            Describe(shortlist->node));
    }
    // The range (1:1 to 1:10) is ValidateSpec's to check.
    a->set_shortlist_ratio(static_cast<uint32_t>(std::stoul(text)));
  }
  if (std::optional<Value> rate = m.Find("min_vote_rate")) {
    ASSIGN_OR_RETURN(*a->mutable_min_vote_rate(), GetFraction(file, *rate));
  }
  v1::RateBasis basis = v1::RATE_BASIS_UNSPECIFIED;
  RETURN_IF_ERROR(ReadBasis(file, m, "min_vote_rate_basis", &basis));
  a->set_min_vote_rate_basis(basis);
  basis = v1::RATE_BASIS_UNSPECIFIED;
  RETURN_IF_ERROR(ReadBasis(file, m, "rate_basis", &basis));
  a->set_rate_basis(basis);
  return absl::OkStatus();
}

// Graded extras: rate_basis, satisfaction (C5 formula), scores (C5c).
absl::Status ReadGradedRules(const SpecFile& file, const Mapping& m,
                             v1::GradedQuestion* g) {
  v1::RateBasis basis = v1::RATE_BASIS_UNSPECIFIED;
  RETURN_IF_ERROR(ReadBasis(file, m, "rate_basis", &basis));
  g->set_rate_basis(basis);
  if (std::optional<Value> formula = m.Find("satisfaction")) {
    ASSIGN_OR_RETURN(
        v1::SatisfactionFormula f,
        GetEnum<v1::SatisfactionFormula>(
            file, *formula,
            {{"excellent", v1::SATISFACTION_FORMULA_EXCELLENT},
             {"pass", v1::SATISFACTION_FORMULA_PASS},
             {"score", v1::SATISFACTION_FORMULA_SCORE}}));
    g->set_satisfaction_formula(f);
  }
  if (std::optional<Value> scores = m.Find("scores")) {
    if (!scores->node.IsMap()) {
      return file.Error(scores->mark, scores->path,
                        "expected a mapping of grade id to score, e.g. "
                        "{satisfied: 100, basic: 60, dissatisfied: 0}");
    }
    for (const auto& entry : scores->node) {
      const std::string id = entry.first.IsScalar() ? entry.first.Scalar() : "";
      const Value score{entry.second, entry.second.Mark(),
                        ChildPath(scores->path, id)};
      v1::Grade* grade = nullptr;
      for (v1::Grade& gr : *g->mutable_scale()) {
        if (gr.id() == id) grade = &gr;
      }
      if (grade == nullptr) {
        return file.Error(entry.first.Mark(), scores->path,
                          absl::StrCat("no grade \"", id, "\" in the scale"));
      }
      const bool zero = score.node.IsScalar() && score.node.Scalar() == "0";
      uint32_t points = 0;
      if (!zero) {
        ASSIGN_OR_RETURN(points, GetPositiveInt(file, score));
      }
      grade->set_score(points);
      grade->set_has_score(true);
    }
  }
  return absl::OkStatus();
}

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
  RETURN_IF_ERROR(ReadPeople(file, candidates, false, a->mutable_candidates()));
  return ReadApprovalRules(file, m, a);
}

absl::Status ReadGrade(const SpecFile& file, const Value& v, v1::Grade* g) {
  ASSIGN_OR_RETURN(Mapping m,
                   Mapping::Open(file, v,
                                 {"id", "label", "dont_know", "excellent",
                                  "pass", "score"}));
  RETURN_IF_ERROR(ReadString(m, "id", Need::kRequired, g->mutable_id()));
  RETURN_IF_ERROR(ReadString(m, "label", Need::kRequired, g->mutable_label()));
  if (std::optional<Value> dont_know = m.Find("dont_know")) {
    ASSIGN_OR_RETURN(bool flag, GetBool(file, *dont_know));
    g->set_dont_know(flag);
  }
  if (std::optional<Value> excellent = m.Find("excellent")) {
    ASSIGN_OR_RETURN(bool flag, GetBool(file, *excellent));
    g->set_excellent(flag);
  }
  if (std::optional<Value> pass = m.Find("pass")) {
    ASSIGN_OR_RETURN(bool flag, GetBool(file, *pass));
    g->set_pass(flag);
  }
  if (std::optional<Value> score = m.Find("score")) {
    uint32_t points = 0;
    if (!(score->node.IsScalar() && score->node.Scalar() == "0")) {
      ASSIGN_OR_RETURN(points, GetPositiveInt(file, *score));
    }
    g->set_score(points);
    g->set_has_score(true);
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
  RETURN_IF_ERROR(ReadPeople(file, subjects, false, g->mutable_subjects()));
  RETURN_IF_ERROR(ReadScale(file, m, g));
  return ReadGradedRules(file, m, g);
}

// "> 1/2" (more than half) or ">= 2/3" (at least two thirds; "≥" too).
// The comparator is required: which one a rule means is the whole point.
absl::Status ReadFraction(const SpecFile& file, const Value& v,
                          v1::PassFraction* f) {
  const std::string text =
      v.node.IsScalar() ? std::string(absl::StripAsciiWhitespace(v.node.Scalar()))
                        : "";
  absl::string_view rest = text;
  bool inclusive = false;
  if (absl::ConsumePrefix(&rest, ">=") || absl::ConsumePrefix(&rest, "≥")) {
    inclusive = true;
  } else if (!absl::ConsumePrefix(&rest, ">")) {
    return file.Error(v.mark, v.path,
                      "expected a fraction with its comparison, e.g. \"> 1/2\" "
                      "(more than half) or \">= 2/3\" (at least two thirds); got " +
                          Describe(v.node));
  }
  rest = absl::StripAsciiWhitespace(rest);
  const size_t slash = rest.find('/');
  uint32_t num = 0, den = 0;
  if (slash == absl::string_view::npos ||
      !absl::SimpleAtoi(rest.substr(0, slash), &num) ||
      !absl::SimpleAtoi(rest.substr(slash + 1), &den) || den == 0 || num > den) {
    return file.Error(v.mark, v.path,
                      "expected N/D with 0 ≤ N ≤ D and D ≥ 1 after the comparison, "
                      "e.g. \">= 2/3\"; got " + Describe(v.node));
  }
  f->set_numerator(num);
  f->set_denominator(den);
  f->set_inclusive(inclusive);
  return absl::OkStatus();
}

// Rules B1–B7, D4.
absl::Status ReadDecision(const SpecFile& file, const Mapping& m,
                          v1::DecisionQuestion* d) {
  ASSIGN_OR_RETURN(Value candidates, m.Require("candidates"));
  RETURN_IF_ERROR(ReadPeople(file, candidates, /*decision=*/true, d->mutable_candidates()));
  auto flag = [&](absl::string_view key, auto setter) -> absl::Status {
    if (std::optional<Value> v = m.Find(key)) {
      ASSIGN_OR_RETURN(bool b, GetBool(file, *v));
      setter(b);
    }
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(flag("allow_defer", [&](bool b) { d->set_allow_defer(b); }));
  RETURN_IF_ERROR(flag("recused_leave_denominator",
                       [&](bool b) { d->set_recused_leave_denominator(b); }));
  RETURN_IF_ERROR(flag("competitive", [&](bool b) { d->set_competitive(b); }));
  if (std::optional<Value> v = m.Find("quorum")) {
    RETURN_IF_ERROR(ReadFraction(file, *v, d->mutable_quorum()));
  }
  if (std::optional<Value> v = m.Find("pass")) {
    RETURN_IF_ERROR(ReadFraction(file, *v, d->mutable_pass()));
  }
  if (std::optional<Value> v = m.Find("pass_basis")) {
    ASSIGN_OR_RETURN(v1::DecisionBasis basis,
                     GetEnum<v1::DecisionBasis>(
                         file, *v,
                         {{"due", v1::DECISION_BASIS_DUE},
                          {"present", v1::DECISION_BASIS_PRESENT}}));
    d->set_pass_basis(basis);
  }
  if (std::optional<Value> v = m.Find("max_agree")) {
    ASSIGN_OR_RETURN(uint32_t k, GetPositiveInt(file, *v));
    d->set_max_agree(k);
  }
  return ReadString(m, "post", Need::kOptional, d->mutable_post());
}

// Rule S-6.
absl::Status ReadElement(const SpecFile& file, const Mapping& m,
                         v1::ElementQuestion* e) {
  ASSIGN_OR_RETURN(Value elements, m.Require("elements"));
  ASSIGN_OR_RETURN(std::vector<Value> items,
                   GetList(file, elements, /*non_empty=*/true));
  for (const Value& item : items) {
    ASSIGN_OR_RETURN(Mapping em, Mapping::Open(file, item, {"id", "label"}));
    v1::Element* out = e->add_elements();
    RETURN_IF_ERROR(ReadString(em, "id", Need::kRequired, out->mutable_id()));
    RETURN_IF_ERROR(
        ReadString(em, "label", Need::kRequired, out->mutable_label()));
  }
  ASSIGN_OR_RETURN(Value candidates, m.Require("candidates"));
  RETURN_IF_ERROR(ReadPeople(file, candidates, false, e->mutable_candidates()));
  return absl::OkStatus();
}

// Rule S-7.
absl::Status ReadChecklist(const SpecFile& file, const Mapping& m,
                           v1::ChecklistQuestion* c) {
  ASSIGN_OR_RETURN(Value subjects, m.Require("subjects"));
  RETURN_IF_ERROR(ReadPeople(file, subjects, false, c->mutable_subjects()));
  ASSIGN_OR_RETURN(Value items_value, m.Require("items"));
  ASSIGN_OR_RETURN(std::vector<Value> items,
                   GetList(file, items_value, /*non_empty=*/true));
  for (const Value& item : items) {
    ASSIGN_OR_RETURN(Mapping im,
                     Mapping::Open(file, item, {"id", "label", "polarity"}));
    v1::ChecklistItem* out = c->add_items();
    RETURN_IF_ERROR(ReadString(im, "id", Need::kRequired, out->mutable_id()));
    RETURN_IF_ERROR(
        ReadString(im, "label", Need::kRequired, out->mutable_label()));
    ASSIGN_OR_RETURN(Value polarity, im.Require("polarity"));
    ASSIGN_OR_RETURN(v1::ItemPolarity p,
                     GetEnum<v1::ItemPolarity>(
                         file, polarity,
                         {{"positive", v1::ITEM_POLARITY_POSITIVE},
                          {"negative", v1::ITEM_POLARITY_NEGATIVE}}));
    out->set_polarity(p);
  }
  return absl::OkStatus();
}

// What a round link and a follow-up link share: the earlier meeting's
// question and this form's, and the count entry they start from (its hash
// in hex).
template <typename Link>
absl::Status ReadLinkedQuestion(const Mapping& m, Link* link) {
  RETURN_IF_ERROR(ReadString(m, "previous_meeting_id", Need::kRequired,
                             link->mutable_previous_meeting_id()));
  RETURN_IF_ERROR(ReadString(m, "previous_form_id", Need::kRequired,
                             link->mutable_previous_form_id()));
  RETURN_IF_ERROR(ReadString(m, "previous_question_id", Need::kRequired,
                             link->mutable_previous_question_id()));
  RETURN_IF_ERROR(ReadString(m, "question_id", Need::kRequired,
                             link->mutable_question_id()));
  return absl::OkStatus();
}

template <typename Link>
absl::Status ReadLinkedCount(const SpecFile& file, const Mapping& m, Link* link) {
  ASSIGN_OR_RETURN(Value seq, m.Require("count_seq"));
  ASSIGN_OR_RETURN(uint32_t s, GetPositiveInt(file, seq));
  link->set_count_seq(s);
  ASSIGN_OR_RETURN(Value hash, m.Require("count_entry_hash"));
  ASSIGN_OR_RETURN(std::string hex, GetString(file, hash, Need::kRequired));
  if (hex.size() != 64 || !absl::c_all_of(hex, absl::ascii_isxdigit)) {
    return file.Error(hash.mark, hash.path,
                      "expected the count entry's hash as 64 hex digits");
  }
  link->set_count_entry_hash(absl::HexStringToBytes(hex));
  return absl::OkStatus();
}

// Rules S-8, A9: written by `gongxin meeting next-round`; the hash is hex.
absl::Status ReadRoundLink(const SpecFile& file, const Value& v,
                           v1::RoundLink* link) {
  ASSIGN_OR_RETURN(
      Mapping m,
      Mapping::Open(file, v,
                    {"previous_meeting_id", "previous_form_id",
                     "previous_question_id", "question_id", "round", "top",
                     "count_seq", "count_entry_hash"}));
  RETURN_IF_ERROR(ReadLinkedQuestion(m, link));
  ASSIGN_OR_RETURN(Value round, m.Require("round"));
  ASSIGN_OR_RETURN(uint32_t r, GetPositiveInt(file, round));
  link->set_round(r);
  ASSIGN_OR_RETURN(Value top, m.Require("top"));
  ASSIGN_OR_RETURN(uint32_t t, GetPositiveInt(file, top));
  link->set_top(t);
  RETURN_IF_ERROR(ReadLinkedCount(file, m, link));
  return absl::OkStatus();
}

// Rule S-5: written by `gongxin meeting follow-up`; the hash is hex and
// months (the 整改 period, 1–24) is optional.
absl::Status ReadFollowUpLink(const SpecFile& file, const Value& v,
                              v1::FollowUpLink* link) {
  ASSIGN_OR_RETURN(
      Mapping m,
      Mapping::Open(file, v,
                    {"previous_meeting_id", "previous_form_id",
                     "previous_question_id", "question_id", "count_seq",
                     "count_entry_hash", "months"}));
  RETURN_IF_ERROR(ReadLinkedQuestion(m, link));
  RETURN_IF_ERROR(ReadLinkedCount(file, m, link));
  if (std::optional<Value> months = m.Find("months")) {
    ASSIGN_OR_RETURN(uint32_t n, GetPositiveInt(file, *months));
    if (n > 24) {
      return file.Error(months->mark, months->path,
                        absl::StrCat("the rectification period is at most 24 "
                                     "months, got ", n));
    }
    link->set_months(n);
  }
  return absl::OkStatus();
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
  } else if (peeked == Kind::kDecision) {
    allowed = kDecisionKeys;
    misplaced = kNotDecision;
  } else if (peeked == Kind::kElement) {
    allowed = kElementKeys;
    misplaced = kNotElement;
  } else if (peeked == Kind::kChecklist) {
    allowed = kChecklistKeys;
    misplaced = kNotChecklist;
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
    case Kind::kDecision:
      return ReadDecision(file, m, q->mutable_decision());
    case Kind::kElement:
      return ReadElement(file, m, q->mutable_element());
    case Kind::kChecklist:
      return ReadChecklist(file, m, q->mutable_checklist());
  }
  return absl::OkStatus();  // unreachable: the enum is closed
}

absl::Status ReadForm(const SpecFile& file, const Value& v, v1::Form* form) {
  ASSIGN_OR_RETURN(Mapping m,
                   Mapping::Open(file, v,
                                 {"id", "title", "mode", "eligible_groups",
                                  "overvote", "token_key_bits", "questions",
                                  "rules", "quorum", "weights",
                                  "previous_round", "follow_up"}));
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
  if (std::optional<Value> rules = m.Find("rules")) {
    ASSIGN_OR_RETURN(std::vector<Value> rule_items,
                     GetList(file, *rules, /*non_empty=*/false));
    for (const Value& item : rule_items) {
      RETURN_IF_ERROR(ReadRule(file, item, form->add_rules()));
    }
  }
  if (std::optional<Value> quorum = m.Find("quorum")) {
    RETURN_IF_ERROR(ReadQuorum(file, *quorum, form->mutable_quorum()));
  }
  if (std::optional<Value> weights = m.Find("weights")) {
    if (!weights->node.IsMap()) {
      return file.Error(weights->mark, weights->path,
                        "expected a mapping of group id to weight, e.g. "
                        "{leaders: 40, middle: 30, staff: 30}");
    }
    for (const auto& entry : weights->node) {
      v1::GroupWeight* w = form->add_group_weights();
      w->set_group(entry.first.IsScalar() ? entry.first.Scalar() : "");
      ASSIGN_OR_RETURN(
          uint32_t weight,
          GetPositiveInt(file, Value{entry.second, entry.second.Mark(),
                                     ChildPath(weights->path, w->group())}));
      w->set_weight(weight);
    }
  }
  if (std::optional<Value> link = m.Find("previous_round")) {
    RETURN_IF_ERROR(
        ReadRoundLink(file, *link, form->mutable_previous_round()));
  }
  if (std::optional<Value> link = m.Find("follow_up")) {
    RETURN_IF_ERROR(
        ReadFollowUpLink(file, *link, form->mutable_follow_up()));
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

// A declared post (职位) with its qualifications (任职资格), e.g.
//   - id: deputy
//     title: 副局长
//     seats: 1
//     qualifications: [具有大学本科以上文化程度, 任正科级职务满 3 年]
absl::Status ReadPost(const SpecFile& file, const Value& v, v1::Post* post) {
  ASSIGN_OR_RETURN(Mapping m, Mapping::Open(file, v, {"id", "title", "seats", "qualifications"}));
  RETURN_IF_ERROR(ReadString(m, "id", Need::kRequired, post->mutable_id()));
  RETURN_IF_ERROR(ReadString(m, "title", Need::kRequired, post->mutable_title()));
  if (std::optional<Value> seats = m.Find("seats")) {
    ASSIGN_OR_RETURN(uint32_t n, GetPositiveInt(file, *seats));
    post->set_seats(n);
  }
  if (std::optional<Value> quals = m.Find("qualifications")) {
    ASSIGN_OR_RETURN(std::vector<Value> items, GetList(file, *quals, /*non_empty=*/false));
    for (const Value& item : items) {
      ASSIGN_OR_RETURN(*post->add_qualifications(), GetString(file, item, Need::kRequired));
    }
  }
  return absl::OkStatus();
}

// A sampled survey (抽样调查): the roll is the population, and a public draw
// takes `size` voters of each listed group (the others take part whole):
//   sample:
//     beacon_source: 2026年12月10日 福彩3D 第2026333期开奖号码
//     strata:
//       - {group: party_deputies, size: 30}
absl::Status ReadSample(const SpecFile& file, const Value& v, v1::SurveySample* sample) {
  ASSIGN_OR_RETURN(Mapping m, Mapping::Open(file, v, {"beacon_source", "strata"}));
  RETURN_IF_ERROR(
      ReadString(m, "beacon_source", Need::kRequired, sample->mutable_beacon_source()));
  ASSIGN_OR_RETURN(Value strata, m.Require("strata"));
  ASSIGN_OR_RETURN(std::vector<Value> items, GetList(file, strata, /*non_empty=*/true));
  for (const Value& item : items) {
    ASSIGN_OR_RETURN(Mapping s, Mapping::Open(file, item, {"group", "size"}));
    v1::SampleStratum* stratum = sample->add_strata();
    RETURN_IF_ERROR(ReadString(s, "group", Need::kRequired, stratum->mutable_group()));
    ASSIGN_OR_RETURN(Value size, s.Require("size"));
    ASSIGN_OR_RETURN(uint32_t n, GetPositiveInt(file, size));
    stratum->set_size(n);
  }
  return absl::OkStatus();
}

// --- Composite rules (rules S-2, S-3, S-9) ------------------------------------

// A weight, score or threshold: kept as the text written ("90", "87.5",
// "100/3"), so nothing is rounded on its way to the server, which checks it.
// Quoted is accepted too: JSON has no fraction, so a JSON spec can carry
// 100/3 only as the string "100/3" (the text is checked as a number all the
// same, by tally::ParseRational on the server and in ValidateSpec).
absl::Status ReadNumber(const Mapping& m, absl::string_view key, std::string* out) {
  std::optional<Value> v = m.Find(key);
  if (!v) return absl::OkStatus();
  if (!v->node.IsScalar() || !tally::ParseRational(key, v->node.Scalar()).ok()) {
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
                                             "posts", "by_panel", "grades", "grade_below"}));
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
  // Issue 16: scored by the inspectors' panel; grade bands (等次).
  if (std::optional<Value> by_panel = m.Find("by_panel")) {
    ASSIGN_OR_RETURN(bool panel, GetBool(file, *by_panel));
    rule->set_by_panel(panel);
  }
  if (std::optional<Value> grades = m.Find("grades")) {
    ASSIGN_OR_RETURN(std::vector<Value> items, GetList(file, *grades, /*non_empty=*/true));
    for (const Value& item : items) {
      ASSIGN_OR_RETURN(Mapping g, Mapping::Open(file, item, {"at_least", "label"}));
      v1::GradeBand* band = rule->add_grade_bands();
      RETURN_IF_ERROR(g.Require("at_least").status());
      RETURN_IF_ERROR(ReadNumber(g, "at_least", band->mutable_at_least()));
      RETURN_IF_ERROR(ReadString(g, "label", Need::kRequired, band->mutable_label()));
    }
  }
  RETURN_IF_ERROR(ReadString(m, "grade_below", Need::kOptional, rule->mutable_grade_below()));
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

// The inspectors' panel (考察组, 面试评委) and its recusals (考察回避), e.g.
//   inspection:
//     aggregation: trimmed_mean        # or mean
//     inspectors:
//       - {name: inspector-1, label: 张三}
//     recusals:
//       - {inspector: inspector-2, candidate: c1, reason: kinship}
absl::Status ReadInspection(const SpecFile& file, const Value& v, v1::InspectorPanel* panel) {
  ASSIGN_OR_RETURN(Mapping m, Mapping::Open(file, v, {"aggregation", "inspectors", "recusals"}));
  ASSIGN_OR_RETURN(Value aggregation, m.Require("aggregation"));
  ASSIGN_OR_RETURN(v1::InspectorAggregation a,
                   GetEnum<v1::InspectorAggregation>(
                       file, aggregation,
                       {{"mean", v1::INSPECTOR_AGGREGATION_MEAN},
                        {"trimmed_mean", v1::INSPECTOR_AGGREGATION_TRIMMED_MEAN}}));
  panel->set_aggregation(a);
  ASSIGN_OR_RETURN(Value inspectors, m.Require("inspectors"));
  ASSIGN_OR_RETURN(std::vector<Value> items, GetList(file, inspectors, /*non_empty=*/true));
  for (const Value& item : items) {
    ASSIGN_OR_RETURN(Mapping i, Mapping::Open(file, item, {"name", "label"}));
    v1::Inspector* inspector = panel->add_inspectors();
    RETURN_IF_ERROR(ReadString(i, "name", Need::kRequired, inspector->mutable_name()));
    RETURN_IF_ERROR(ReadString(i, "label", Need::kOptional, inspector->mutable_label()));
  }
  if (std::optional<Value> recusals = m.Find("recusals")) {
    ASSIGN_OR_RETURN(std::vector<Value> list, GetList(file, *recusals, /*non_empty=*/true));
    for (const Value& item : list) {
      ASSIGN_OR_RETURN(Mapping r, Mapping::Open(file, item,
                                                {"inspector", "candidate", "reason", "note"}));
      v1::InspectorRecusal* recusal = panel->add_recusals();
      RETURN_IF_ERROR(ReadString(r, "inspector", Need::kRequired, recusal->mutable_inspector()));
      RETURN_IF_ERROR(ReadString(r, "candidate", Need::kRequired, recusal->mutable_candidate_id()));
      ASSIGN_OR_RETURN(Value reason, r.Require("reason"));
      ASSIGN_OR_RETURN(v1::RecusalReason kind,
                       GetEnum<v1::RecusalReason>(file, reason,
                                                  {{"kinship", v1::RECUSAL_REASON_KINSHIP},
                                                   {"work", v1::RECUSAL_REASON_WORK},
                                                   {"other", v1::RECUSAL_REASON_OTHER}}));
      recusal->set_reason(kind);
      RETURN_IF_ERROR(ReadString(r, "note", Need::kOptional, recusal->mutable_note()));
    }
  }
  return absl::OkStatus();
}

// Maps the top-level mapping onto `spec`; returns the `roll:` value, if any.
absl::StatusOr<std::optional<Value>> ReadMeeting(const SpecFile& file,
                                                 const Value& root,
                                                 v1::MeetingSpec* spec) {
  ASSIGN_OR_RETURN(Mapping m,
                   Mapping::Open(file, root,
                                 {"title", "unit", "description", "locale",
                                  "roll", "groups", "forms", "quorum",
                                  "min_group_size", "composites",
                                  "count_approvals_required", "trial", "posts",
                                  "inspection", "sample"}));
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
  if (std::optional<Value> posts = m.Find("posts")) {
    ASSIGN_OR_RETURN(std::vector<Value> items, GetList(file, *posts, /*non_empty=*/true));
    for (const Value& item : items) RETURN_IF_ERROR(ReadPost(file, item, spec->add_posts()));
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
  if (std::optional<Value> inspection = m.Find("inspection")) {
    RETURN_IF_ERROR(ReadInspection(file, *inspection, spec->mutable_inspection()));
  }
  if (std::optional<Value> quorum = m.Find("quorum")) {
    RETURN_IF_ERROR(ReadQuorum(file, *quorum, spec->mutable_quorum()));
  }
  if (std::optional<Value> sample = m.Find("sample")) {
    RETURN_IF_ERROR(ReadSample(file, *sample, spec->mutable_sample()));
  }
  if (std::optional<Value> min = m.Find("min_group_size")) {
    ASSIGN_OR_RETURN(uint32_t size, GetPositiveInt(file, *min));
    spec->set_min_group_size(size);
  }
  // A trial vote (试投票): marked on every page, purged before the formal one.
  if (std::optional<Value> trial = m.Find("trial")) {
    ASSIGN_OR_RETURN(bool is_trial, GetBool(file, *trial));
    spec->set_trial(is_trial);
  }
  // Presets are spelled out here, so the genesis entry freezes full rules.
  if (absl::Status expanded = tally::ExpandPresets(spec); !expanded.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(file.name(), ": ", expanded.message()));
  }
  return m.Find("roll");
}

// Records where each document of a stream starts, and builds nothing.
class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// The one YAML document of a spec (a null node for an empty file).
// YAML::LoadAll is not used: in Debian's yaml-cpp 0.7 it loops forever,
// allocating, when a document holds a token the parser does not consume
// (a file that is just ",": yaml-cpp issue 1040, fixed upstream later).
// Here the document is built by YAML::Load, which reads only the first,
// and a pass that builds nothing reads at most three documents: two that
// start at the same place are that unconsumed token, and a real second
// document is refused. Throws what yaml-cpp throws.
absl::StatusOr<YAML::Node> LoadOneDocument(const SpecFile& file,
                                           const std::string& text) {
  DocumentStarts documents;
  std::istringstream in(text);
  YAML::Parser parser(in);
  for (int i = 0; i < 3 && parser.HandleNextDocument(documents); ++i) {
  }
  const std::vector<YAML::Mark>& starts = documents.starts;
  for (size_t i = 1; i < starts.size(); ++i) {
    if (starts[i].pos == starts[i - 1].pos) {
      const size_t at = std::min<size_t>(starts[i].pos, text.size());
      return file.Error(starts[i], "",
                        absl::StrCat("YAML syntax error: unexpected \"",
                                     absl::CHexEscape(text.substr(at, 1)), "\""));
    }
  }
  if (starts.size() > 1) {
    return file.Error(starts[1], "", "only one YAML document is allowed in a spec");
  }
  return YAML::Load(text);
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

  YAML::Node document;
  try {
    ASSIGN_OR_RETURN(document, LoadOneDocument(file, std::string(text)));
  } catch (const YAML::Exception& e) {
    return file.Error(e.mark, "", "YAML syntax error: " + e.msg);
  }
  if (document.IsNull()) {
    return absl::InvalidArgumentError(
        absl::StrCat(spec_path,
                     ": the file is empty; expected a meeting spec (see "
                     "docs/spec-format.md)"));
  }

  LoadedMeeting meeting;
  const Value root{document, document.Mark(), ""};
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
