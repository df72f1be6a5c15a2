#include "index/analysis/java_regex.h"

namespace pharos::analysis {

Result<std::shared_ptr<const re2::RE2>> compile_java_regex(const std::string& pattern, const std::string& flags) {
  std::string inline_flags;
  size_t start = 0;
  while (start <= flags.size()) {
    size_t bar = flags.find('|', start);
    if (bar == std::string::npos) bar = flags.size();
    std::string flag = flags.substr(start, bar - start);
    const size_t b = flag.find_first_not_of(' '), e = flag.find_last_not_of(' ');
    flag = b == std::string::npos ? "" : flag.substr(b, e - b + 1);
    if (flag == "CASE_INSENSITIVE") {
      inline_flags += 'i';
    } else if (flag == "MULTILINE") {
      inline_flags += 'm';
    } else if (flag == "DOTALL") {
      inline_flags += 's';
    } else if (!flag.empty() && flag != "UNICODE_CASE" && flag != "UNICODE_CHARACTER_CLASS" && flag != "CANON_EQ" &&
               flag != "UNIX_LINES") {
      return Status(ErrorKind::invalid_argument, "Unknown regex flag [" + flag + "]");
    }
    start = bar + 1;
  }
  const std::string full = inline_flags.empty() ? pattern : "(?" + inline_flags + ")" + pattern;
  re2::RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const re2::RE2>(full, options);
  if (!re->ok()) {
    return Status(ErrorKind::invalid_argument, "Invalid regex pattern [" + pattern + "]: " + re->error());
  }
  return std::shared_ptr<const re2::RE2>(std::move(re));
}

}  // namespace pharos::analysis
