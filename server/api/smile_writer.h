// Smile, the binary JSON of Jackson (OpenSearch's `format=smile`): the `_cat` APIs answer in it.
// Written without shared-name or shared-value back references (header flags 0), which every
// Smile reader accepts. Spec: https://github.com/FasterXML/smile-format-specification
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace pharos::api {

std::string to_smile(const nlohmann::json& value);

}  // namespace pharos::api
