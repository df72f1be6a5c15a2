#include "server/api/bulk_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pharos::api {
namespace {

struct Parsed {
  std::vector<BulkItem> items;
  std::optional<RequestError> error;
};

Parsed parse(std::string_view body, std::string_view default_index = {}) {
  Parsed parsed;
  BulkDefaults defaults;
  defaults.index = default_index;
  parsed.error = parse_bulk_body(body, defaults, parsed.items);
  return parsed;
}

TEST(BulkParser, IndexAndSourceLines) {
  std::string body =
      "{\"index\":{\"_index\":\"test_index\",\"_id\":\"test_id\"}}\n{\"f1\":\"v1\",\"f2\":42}\n"
      "{\"index\":{\"_index\":\"test_index\",\"_id\":\"test_id2\"}}\n{\"f1\":\"v2\",\"f2\":47}\n";
  Parsed parsed = parse(body);
  ASSERT_FALSE(parsed.error);
  ASSERT_EQ(parsed.items.size(), 2u);
  EXPECT_EQ(parsed.items[0].action, BulkAction::index);
  EXPECT_EQ(parsed.items[0].index, "test_index");
  EXPECT_EQ(parsed.items[0].id, "test_id");
  EXPECT_EQ(parsed.items[0].source, "{\"f1\":\"v1\",\"f2\":42}");
  EXPECT_EQ(parsed.items[0].line, 1u);
  EXPECT_EQ(parsed.items[1].line, 3u);
  // Sources are slices of the body, not copies.
  EXPECT_GE(parsed.items[1].source.data(), body.data());
  EXPECT_LT(parsed.items[1].source.data(), body.data() + body.size());
  EXPECT_TRUE(validate_bulk_items(parsed.items).empty());
}

TEST(BulkParser, ToleratesCrLfBlankLinesAndMissingFinalNewline) {
  Parsed parsed = parse("\r\n{\"index\":{}}\r\n{\"a\":1}\r\n\n  \n{\"create\":{\"_id\":\"2\"}}\n{\"b\":2}", "dflt");
  ASSERT_FALSE(parsed.error) << parsed.error->reason;
  ASSERT_EQ(parsed.items.size(), 2u);
  EXPECT_EQ(parsed.items[0].source, "{\"a\":1}");
  EXPECT_EQ(parsed.items[0].index, "dflt");
  EXPECT_FALSE(parsed.items[0].id.has_value());
  EXPECT_EQ(parsed.items[0].line, 2u);
  EXPECT_EQ(parsed.items[1].action, BulkAction::create);
  EXPECT_EQ(parsed.items[1].source, "{\"b\":2}");
  EXPECT_EQ(parsed.items[1].line, 6u);
}

TEST(BulkParser, NullMetadataValuesAreIgnored) {
  Parsed parsed = parse("{\"index\":{\"_index\":\"i\",\"_id\":null,\"routing\":null,\"bogus\":null}}\n{}\n");
  ASSERT_FALSE(parsed.error) << parsed.error->reason;
  ASSERT_EQ(parsed.items.size(), 1u);
  EXPECT_FALSE(parsed.items[0].id.has_value());
  EXPECT_EQ(parsed.items[0].routing, "");
}

TEST(BulkParser, TypeAndUnknownMetadataKeysAreIgnored) {
  Parsed type = parse("{\"index\":{\"_index\":\"i\",\"_type\":\"_doc\",\"_id\":\"1\"}}\n{}\n");
  ASSERT_FALSE(type.error) << type.error->reason;
  ASSERT_EQ(type.items.size(), 1u);
  EXPECT_EQ(type.items[0].id, "1");
  Parsed bogus = parse("{\"index\":{\"_id\":\"1\"}}\n{}\n{\"index\":{\"_id\":\"2\",\"bogus\":{\"x\":1}}}\n{}\n", "i");
  ASSERT_FALSE(bogus.error) << bogus.error->reason;
  EXPECT_EQ(bogus.items.size(), 2u);
}

TEST(BulkParser, MetadataFields) {
  Parsed parsed = parse(
      "{\"index\":{\"_index\":\"i\",\"_id\":7,\"routing\":\"r\",\"version\":\"5\",\"version_type\":\"external\","
      "\"pipeline\":\"p\",\"require_alias\":true}}\n{\"x\":1}\n"
      "{\"delete\":{\"_index\":\"i\",\"_id\":\"d\",\"if_seq_no\":3,\"if_primary_term\":1}}\n"
      "{\"update\":{\"_index\":\"i\",\"_id\":\"u\",\"retry_on_conflict\":3,\"_source\":[\"a\"]}}\n"
      "{\"doc\":{\"b\":2},\"doc_as_upsert\":true}\n");
  ASSERT_FALSE(parsed.error) << parsed.error->reason;
  ASSERT_EQ(parsed.items.size(), 3u);
  const BulkItem& index = parsed.items[0];
  EXPECT_EQ(index.id, "7");
  EXPECT_EQ(index.routing, "r");
  EXPECT_EQ(index.check.version, 5);
  EXPECT_EQ(index.check.version_type, engine::VersionType::external);
  EXPECT_EQ(index.pipeline, "p");
  EXPECT_TRUE(index.require_alias);
  const BulkItem& remove = parsed.items[1];
  EXPECT_EQ(remove.action, BulkAction::delete_);
  EXPECT_EQ(remove.check.if_seq_no, 3);
  EXPECT_EQ(remove.check.if_primary_term, 1);
  EXPECT_TRUE(remove.source.empty());
  EXPECT_EQ(remove.line, 3u);
  const BulkItem& update = parsed.items[2];
  EXPECT_EQ(update.action, BulkAction::update);
  EXPECT_EQ(update.retry_on_conflict, 3);
  ASSERT_TRUE(update.update.has_value());
  EXPECT_EQ(update.update->doc, "{\"b\":2}");
  EXPECT_TRUE(update.update->doc_as_upsert);
  ASSERT_TRUE(update.source_filter.has_value());
  EXPECT_EQ(update.source_filter->includes, std::vector<std::string>{"a"});
  EXPECT_TRUE(validate_bulk_items(parsed.items).empty());
}

TEST(BulkParser, OpTypeCreateInIndexAction) {
  Parsed parsed = parse("{\"index\":{\"_index\":\"test\",\"op_type\":\"create\"}}\n{\"f\":5}\n");
  ASSERT_FALSE(parsed.error);
  ASSERT_EQ(parsed.items.size(), 1u);
  EXPECT_EQ(parsed.items[0].action, BulkAction::create);
  EXPECT_EQ(bulk_action_name(parsed.items[0].action), std::string("create"));

  Parsed bad = parse("{\"index\":{\"_index\":\"test\",\"op_type\":\"upsert\"}}\n{\"f\":5}\n");
  ASSERT_TRUE(bad.error);
  EXPECT_EQ(bad.error->reason, "opType must be 'create' or 'index', found: [upsert]");
}

TEST(BulkParser, EmptyIdIsKeptForItemLevelError) {
  Parsed parsed = parse("{\"index\":{\"_index\":\"test\",\"_id\":\"\"}}\n{\"f\":1}\n");
  ASSERT_FALSE(parsed.error);
  ASSERT_EQ(parsed.items.size(), 1u);
  ASSERT_TRUE(parsed.items[0].id.has_value());
  EXPECT_EQ(*parsed.items[0].id, "");
  EXPECT_TRUE(validate_bulk_items(parsed.items).empty());
}

TEST(BulkParser, EmptyActionObject) {
  Parsed parsed = parse(
      "{\"index\": {\"_index\": \"test_index\", \"_id\": \"test_id\"}}\n{\"f1\": \"v1\", \"f2\": 42}\n{}\n");
  ASSERT_TRUE(parsed.error);
  EXPECT_EQ(parsed.error->http_status, 400);
  EXPECT_EQ(parsed.error->type, "illegal_argument_exception");
  EXPECT_EQ(parsed.error->reason, "Malformed action/metadata line [3], expected FIELD_NAME but found [END_OBJECT]");
}

TEST(BulkParser, ActionLineNotAnObject) {
  Parsed string_line = parse("\"index\"\n{}\n");
  ASSERT_TRUE(string_line.error);
  EXPECT_EQ(string_line.error->reason,
            "Malformed action/metadata line [1], expected START_OBJECT but found [VALUE_STRING]");
  Parsed array_line = parse("{\"index\":{}}\n{}\n[1]\n");
  ASSERT_TRUE(array_line.error);
  EXPECT_EQ(array_line.error->reason,
            "Malformed action/metadata line [3], expected START_OBJECT but found [START_ARRAY]");
  Parsed number_line = parse("\n\n42\n");
  ASSERT_TRUE(number_line.error);
  EXPECT_EQ(number_line.error->reason,
            "Malformed action/metadata line [3], expected START_OBJECT but found [VALUE_NUMBER]");
}

TEST(BulkParser, UnknownAction) {
  Parsed parsed = parse("{\"foo\":{\"_index\":\"i\"}}\n{}\n");
  ASSERT_TRUE(parsed.error);
  EXPECT_EQ(parsed.error->type, "illegal_argument_exception");
  EXPECT_EQ(parsed.error->reason,
            "Malformed action/metadata line [1], expected one of [create, delete, index, update] but found [foo]");
}

TEST(BulkParser, ActionValueNotAnObject) {
  Parsed parsed = parse("{\"index\":\"i\"}\n{}\n");
  ASSERT_TRUE(parsed.error);
  EXPECT_EQ(parsed.error->reason,
            "Malformed action/metadata line [1], expected START_OBJECT or END_OBJECT but found [VALUE_STRING]");
}

TEST(BulkParser, MetadataValueNotSimple) {
  Parsed array_value = parse("{\"index\":{\"_index\":[\"a\"]}}\n{}\n");
  ASSERT_TRUE(array_value.error);
  EXPECT_EQ(array_value.error->reason,
            "Malformed action/metadata line [1], expected a simple value for field [_index] but found [START_ARRAY]");
  Parsed object_value = parse("{\"index\":{\"routing\":{}}}\n{}\n");
  ASSERT_TRUE(object_value.error);
  EXPECT_EQ(object_value.error->reason,
            "Malformed action/metadata line [1], expected a simple value for field [routing] but found "
            "[START_OBJECT]");
}

TEST(BulkParser, InvalidJsonActionLine) {
  Parsed parsed = parse("{\"index\":{\"_index\":\"i\"}\n{}\n");
  ASSERT_TRUE(parsed.error);
  EXPECT_EQ(parsed.error->http_status, 400);
  EXPECT_EQ(parsed.error->type, "json_parse_exception");
  EXPECT_NE(parsed.error->reason.find("line [1]"), std::string::npos);
}

TEST(BulkParser, BadMetadataNumbers) {
  Parsed parsed = parse("{\"index\":{\"_index\":\"i\",\"version\":\"abc\"}}\n{}\n");
  ASSERT_TRUE(parsed.error);
  EXPECT_EQ(parsed.error->type, "illegal_argument_exception");
  Parsed version_type = parse("{\"index\":{\"_index\":\"i\",\"version_type\":\"nope\"}}\n{}\n");
  ASSERT_TRUE(version_type.error);
  EXPECT_EQ(version_type.error->reason, "No version type match [nope]");
}

TEST(BulkParser, UpdateWithVersionFailsTheRequest) {
  Parsed parsed = parse("{\"update\":{\"_index\":\"i\",\"_id\":\"1\",\"version\":2}}\n{\"doc\":{}}\n");
  ASSERT_TRUE(parsed.error);
  EXPECT_EQ(parsed.error->reason,
            "Update requests do not support versioning. Please use `if_seq_no` and `if_primary_term` instead");
}

TEST(BulkParser, MalformedUpdateLineFailsTheRequest) {
  Parsed parsed = parse("{\"update\":{\"_index\":\"i\",\"_id\":\"1\"}}\n{\"doc\":\n");
  ASSERT_TRUE(parsed.error);
  EXPECT_EQ(parsed.error->http_status, 400);
  EXPECT_NE(parsed.error->reason.find("line [2]"), std::string::npos);
}

TEST(BulkParser, ScriptedUpdateIsAnItemMatter) {
  Parsed parsed = parse("{\"update\":{\"_index\":\"i\",\"_id\":\"1\"}}\n{\"script\":{\"source\":\"x\"}}\n");
  ASSERT_FALSE(parsed.error);
  ASSERT_EQ(parsed.items.size(), 1u);
  ASSERT_TRUE(parsed.items[0].update.has_value());
  EXPECT_TRUE(parsed.items[0].update->has_script);
}

TEST(BulkParser, MissingSourceLineDropsTheAction) {
  Parsed parsed = parse("{\"index\":{\"_index\":\"i\"}}\n");
  ASSERT_FALSE(parsed.error);
  EXPECT_TRUE(parsed.items.empty());
  ValidationErrors errors = validate_bulk_items(parsed.items);
  EXPECT_EQ(errors.to_error().type, "action_request_validation_exception");
  EXPECT_EQ(errors.reason(), "Validation Failed: 1: no requests added;");
}

TEST(BulkParser, DeleteNeedsNoSourceLine) {
  Parsed parsed = parse("{\"delete\":{\"_index\":\"i\",\"_id\":\"1\"}}");
  ASSERT_FALSE(parsed.error);
  ASSERT_EQ(parsed.items.size(), 1u);
  EXPECT_EQ(parsed.items[0].action, BulkAction::delete_);
}

TEST(BulkParser, ValidationMessages) {
  Parsed parsed = parse(
      "{\"index\":{}}\n{}\n"
      "{\"index\":{\"_index\":\"i\",\"_id\":\"1\",\"version\":3}}\n{}\n"
      "{\"index\":{\"_index\":\"i\",\"_id\":\"1\",\"if_seq_no\":3}}\n{}\n"
      "{\"delete\":{\"_index\":\"i\"}}\n"
      "{\"update\":{\"_index\":\"i\",\"_id\":\"1\"}}\n{\"upsert\":{}}\n");
  ASSERT_FALSE(parsed.error) << parsed.error->reason;
  ValidationErrors errors = validate_bulk_items(parsed.items);
  EXPECT_EQ(errors.reason(),
            "Validation Failed: 1: index is missing;"
            "2: internal versioning can not be used for optimistic concurrency control. Please use `if_seq_no` and "
            "`if_primary_term` instead;"
            "3: ifSeqNo is set, but primary term is [0];"
            "4: id is missing;"
            "5: script or doc is missing;");
}

TEST(BulkParser, IdTooLong) {
  std::string id(513, 'a');
  Parsed parsed = parse("{\"index\":{\"_index\":\"i\",\"_id\":\"" + id + "\"}}\n{}\n");
  ASSERT_FALSE(parsed.error);
  ValidationErrors errors = validate_bulk_items(parsed.items);
  EXPECT_EQ(errors.reason(),
            "Validation Failed: 1: id [" + id + "] is too long, must be no longer than 512 bytes but was: 513;");
}

TEST(BulkParser, RequireAliasDefaultAndOverride) {
  BulkDefaults defaults;
  defaults.require_alias = true;
  std::vector<BulkItem> items;
  auto error = parse_bulk_body(
      "{\"index\":{\"_index\":\"a\"}}\n{}\n{\"index\":{\"_index\":\"b\",\"require_alias\":false}}\n{}\n", defaults,
      items);
  ASSERT_FALSE(error);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_TRUE(items[0].require_alias);
  EXPECT_FALSE(items[1].require_alias);
}

TEST(BulkParser, LongBodyKeepsOrder) {
  std::string body;
  for (int i = 0; i < 1000; ++i) {
    body += "{\"index\":{\"_index\":\"logs-" + std::to_string(i % 3) + "\",\"_id\":\"" + std::to_string(i) +
            "\"}}\n{\"n\":" + std::to_string(i) + "}\n";
  }
  Parsed parsed = parse(body);
  ASSERT_FALSE(parsed.error);
  ASSERT_EQ(parsed.items.size(), 1000u);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(*parsed.items[i].id, std::to_string(i));
    EXPECT_EQ(parsed.items[i].line, static_cast<uint32_t>(2 * i + 1));
  }
}

}  // namespace
}  // namespace pharos::api
