#include "server/api/request_options.h"

#include <sstream>

namespace pharos::api {

engine::IndicesOptions indices_options(const http::Request& request, bool default_allow_no_indices) {
  engine::IndicesOptions options;
  options.ignore_unavailable = request.flag("ignore_unavailable", false);
  options.allow_no_indices = request.flag("allow_no_indices", default_allow_no_indices);
  if (const std::string* expand = request.param("expand_wildcards")) {
    options.expand_open = false;
    options.expand_closed = false;
    std::stringstream parts(*expand);
    std::string part;
    while (std::getline(parts, part, ',')) {
      if (part == "open") options.expand_open = true;
      if (part == "closed") options.expand_closed = true;
      if (part == "all") options.expand_open = options.expand_closed = true;
    }
  }
  return options;
}

Result<std::vector<std::shared_ptr<engine::IndexService>>> resolve_indices(engine::Catalog& catalog,
                                                                          const http::Request& request,
                                                                          bool default_allow_no_indices) {
  std::string expression = request.path_param("index");
  if (expression.empty()) expression = "_all";
  PHAROS_ASSIGN_OR_RETURN(std::vector<std::string> names,
                          catalog.resolve(expression, indices_options(request, default_allow_no_indices)));
  std::vector<std::shared_ptr<engine::IndexService>> indexes;
  for (const auto& name : names) {
    if (auto index = catalog.index(name)) indexes.push_back(std::move(index));
  }
  return indexes;
}

}  // namespace pharos::api
