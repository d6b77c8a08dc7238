#include "client/refusal.h"

#include <iostream>

#include "util/cli_lang.h"
#include "verifier/audit_verify.h"

namespace gongxin::client {

using util::T;

const char* NextStep(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
      return T("输入有误：按上面指出的字段改正后重试。", "Bad input: correct the field named above and retry.");
    case absl::StatusCode::kNotFound:
      return T("未找到：核对上面指出的编号或文件路径（会议编号见 gongxin meeting list）。",
               "Not found: check the id or file path named above (meeting ids: gongxin meeting list).");
    case absl::StatusCode::kAlreadyExists:
      return T("已经存在：此操作已完成过，无需重复。", "Already done: nothing to repeat.");
    case absl::StatusCode::kFailedPrecondition:
      return T("当前状态不允许此操作：用 gongxin meeting show 查看会议状态。",
               "Not allowed in the current state: see gongxin meeting show.");
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnauthenticated:
      return T("无权限：此命令需要相应角色的证书（--pki、--as）。",
               "Not permitted: this command needs the certificate of its role (--pki, --as).");
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return T("无法连接或超时：确认 gongxind 正在运行、--server 地址正确，然后重试。",
               "Cannot reach the server or timed out: check that gongxind runs and --server, then retry.");
    case absl::StatusCode::kResourceExhausted:
      return T("磁盘空间不足：请管理员腾出空间后重试，已确认的记录不受影响。",
               "Disk space is short: free space on the server and retry; nothing acknowledged is lost.");
    case absl::StatusCode::kDataLoss:
      return T("记录损坏：停止使用此会议，导出记录交审计人员核查。",
               "The record is damaged: stop using this meeting and export it for the auditors.");
    default:
      return T("操作失败：请将上面的信息报告给系统管理员。",
               "Failed: report the message above to the system's administrator.");
  }
}

int ReportRefusal(const absl::Status& s) {
  if (s.ok()) return 0;
  std::cerr << "gongxin: " << absl::StatusCodeToString(s.code()) << ": " << s.message() << "\n"
            << "gongxin: " << NextStep(s.code()) << "\n";
  return verifier::kExitFailed;
}

}  // namespace gongxin::client
