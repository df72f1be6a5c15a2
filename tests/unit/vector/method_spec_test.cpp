#include <gtest/gtest.h>

#include "index/vector/vector_index.h"

namespace pharos::vector {
namespace {

TEST(SpaceType, NamesRoundTrip) {
  for (SpaceType s : {SpaceType::l2, SpaceType::cosinesimil, SpaceType::innerproduct, SpaceType::l1,
                      SpaceType::linf, SpaceType::hamming}) {
    EXPECT_EQ(space_type_from_name(space_type_name(s)), s);
  }
  EXPECT_FALSE(space_type_from_name("euclid"));
}

TEST(SpaceType, ScoresFollowOpenSearch) {
  EXPECT_FLOAT_EQ(score_from_distance(SpaceType::l2, 3.f), 0.25f);
  EXPECT_FLOAT_EQ(score_from_distance(SpaceType::cosinesimil, 0.5f), 0.75f);
  EXPECT_FLOAT_EQ(score_from_distance(SpaceType::innerproduct, 1.f), 0.5f);
  EXPECT_FLOAT_EQ(score_from_distance(SpaceType::innerproduct, -3.f), 4.f);
  for (SpaceType s : {SpaceType::l2, SpaceType::cosinesimil, SpaceType::innerproduct, SpaceType::hamming}) {
    for (float d : {0.f, 0.25f, 1.5f, 7.f}) {
      auto back = distance_from_score(s, score_from_distance(s, d));
      ASSERT_TRUE(back) << int(s);
      EXPECT_NEAR(*back, d, 1e-5f) << int(s);
    }
  }
  EXPECT_NEAR(*distance_from_score(SpaceType::innerproduct, 4.f), -3.f, 1e-6f);
  EXPECT_FALSE(distance_from_score(SpaceType::l2, 1.5f));  // above the best possible score
}

TEST(MethodSpec, DefaultsAndFullMethod) {
  auto spec = parse_method_spec(R"({"type":"knn_vector","dimension":8})");
  ASSERT_TRUE(spec.is_ok()) << spec.status().message();
  EXPECT_EQ(spec->dimension, 8u);
  EXPECT_EQ(spec->kind, MethodKind::hnsw);
  EXPECT_EQ(spec->space, SpaceType::l2);
  EXPECT_EQ(spec->m, 16u);
  spec = parse_method_spec(
      R"({"dimension":"64","method":{"name":"ivf","engine":"faiss","space_type":"innerproduct",
      "parameters":{"nlist":128,"nprobes":8,"encoder":{"name":"pq","parameters":{"m":16,"code_size":6}}}}})");
  ASSERT_TRUE(spec.is_ok()) << spec.status().message();
  EXPECT_EQ(spec->kind, MethodKind::ivf);
  EXPECT_EQ(spec->space, SpaceType::innerproduct);
  EXPECT_EQ(spec->nlist, 128u);
  EXPECT_EQ(spec->nprobes, 8u);
  EXPECT_EQ(spec->encoder, EncoderKind::pq);
  EXPECT_EQ(spec->pq_m, 16u);
  EXPECT_EQ(spec->pq_code_size, 6u);
  spec = parse_method_spec(R"({"dimension":16,"data_type":"binary"})");
  ASSERT_TRUE(spec.is_ok());
  EXPECT_EQ(spec->space, SpaceType::hamming);
  EXPECT_EQ(spec->ef_search, 256u);
  spec = parse_method_spec(R"({"dimension":4,"space_type":"cosinesimil","method":{"name":"hnsw",
      "parameters":{"m":24,"ef_construction":200,"ef_search":50,"encoder":{"name":"sq","parameters":{"type":"int8","clip":true}}}}})");
  ASSERT_TRUE(spec.is_ok()) << spec.status().message();
  EXPECT_EQ(spec->space, SpaceType::cosinesimil);
  EXPECT_EQ(spec->m, 24u);
  EXPECT_EQ(spec->ef_construction, 200u);
  EXPECT_EQ(spec->ef_search, 50u);
  EXPECT_EQ(spec->encoder, EncoderKind::sq);
  EXPECT_EQ(spec->sq_type, "int8");
  EXPECT_TRUE(spec->sq_clip);
  spec = parse_method_spec(R"({"dimension":4,"mode":"on_disk","compression_level":"2x"})");
  ASSERT_TRUE(spec.is_ok());
  EXPECT_EQ(spec->encoder, EncoderKind::sq);
  EXPECT_EQ(spec->sq_type, "fp16");
  EXPECT_EQ(spec->mode, "on_disk");
}

TEST(MethodSpec, RejectsBadInput) {
  const char* bad[] = {
      R"({})",
      R"({"dimension":0})",
      R"({"dimension":-3})",
      R"({"dimension":20000})",
      R"({"dimension":"x"})",
      R"({"dimension":4,"space_type":"euclid"})",
      R"({"dimension":4,"data_type":"double"})",
      R"({"dimension":12,"data_type":"binary"})",
      R"({"dimension":8,"space_type":"hamming"})",
      R"({"dimension":4,"method":{"name":"lsh"}})",
      R"({"dimension":4,"method":{"engine":"faiss"}})",
      R"({"dimension":4,"method":{"name":"hnsw","engine":"annoy"}})",
      R"({"dimension":4,"method":{"name":"ivf","engine":"lucene"}})",
      R"({"dimension":4,"method":{"name":"hnsw","parameters":{"nlist":3}}})",
      R"({"dimension":4,"method":{"name":"hnsw","parameters":{"m":1}}})",
      R"({"dimension":4,"method":{"name":"hnsw","parameters":{"m":"many"}}})",
      R"({"dimension":4,"method":{"name":"ivf","parameters":{"encoder":{"name":"zstd"}}}})",
      R"({"dimension":6,"method":{"name":"ivf","parameters":{"encoder":{"name":"pq","parameters":{"m":4}}}}})",
      R"({"dimension":8,"method":{"name":"ivf","parameters":{"encoder":{"name":"pq","parameters":{"code_size":9}}}}})",
      R"({"dimension":8,"method":{"name":"hnsw","parameters":{"encoder":{"name":"pq","parameters":{"code_size":4}}}}})",
      R"({"dimension":8,"method":{"name":"hnsw","parameters":{"encoder":{"name":"sq","parameters":{"type":"int4"}}}}})",
      R"({"dimension":8,"space_type":"l2","method":{"name":"hnsw","space_type":"cosinesimil"}})",
      R"({"dimension":8,"mode":"in_cloud"})",
      R"({"dimension":8,"compression_level":"3x"})",
      R"([1,2])",
  };
  for (const char* json : bad) {
    auto spec = parse_method_spec(json);
    ASSERT_FALSE(spec.is_ok()) << json;
    EXPECT_EQ(spec.status().kind(), ErrorKind::invalid_argument) << json << ": " << spec.status().message();
    EXPECT_FALSE(spec.status().message().empty());
  }
  EXPECT_EQ(parse_method_spec("{not json").status().kind(), ErrorKind::parse_error);
}

}  // namespace
}  // namespace pharos::vector
