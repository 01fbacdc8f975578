// ResourceWalker: one load() of the http provider. Fetches each top-level resource page by page and, for each
// item, its child resources depth first, so at most one page per level is held in memory. Items become nodes
// and relationships in the sink; repeats (a user in two teams) are written once per run.
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/sync/http/http_fetcher.hpp"
#include "backend/sync/http/http_mapping.hpp"
#include "backend/sync/provider.hpp"

namespace opsdeck::sync::http {

class ResourceWalker {
 public:
  ResourceWalker(const HttpMapping& mapping, std::string name, std::string base_url, HttpFetcher& fetcher,
                 ProviderContext& context);

  // Walks every top-level resource and its descendants.
  core::Status run();

 private:
  // An item being walked: its resource, the item and its node's id, for children's placeholders and
  // relationships to ancestors.
  struct Frame {
    const ResourceMapping* resource;
    const nlohmann::json* item;
    std::string node_id;
  };

  core::Status walk(const ResourceMapping& resource, std::vector<Frame>& ancestors);
  core::Status walk_items(const ResourceMapping& resource, const std::string& url, const nlohmann::json& body,
                          std::vector<Frame>& ancestors, std::size_t& item_count);
  core::Status add_item(const ResourceMapping& resource, const std::string& url, std::size_t index,
                        const nlohmann::json& item, std::vector<Frame>& ancestors, std::string& node_id);
  core::Result<std::string> next_page_url(const ResourceMapping& resource, const std::string& first_url,
                                          const std::string& url, const JsonPage& page,
                                          std::int64_t page_number, std::size_t items_on_page);
  core::Unexpected missing_field(const std::string& url, std::size_t index, const ResourceMapping& resource,
                                 const std::string& field, std::string_view role) const;

  const HttpMapping& mapping_;
  std::string name_;
  std::string scope_;
  std::string base_url_;
  std::string base_origin_;
  HttpFetcher& fetcher_;
  ProviderContext& context_;
  std::unordered_set<std::string> written_nodes_;
  std::unordered_set<std::string> written_relationships_;
};

}  // namespace opsdeck::sync::http
