// Walking a mapping's resources over an API: pagination, item to node, relationships.
#include "backend/sync/http/http_resource_walker.hpp"

#include "backend/sync/http/http_url.hpp"
#include "backend/sync/http/json_field.hpp"
#include "backend/sync/http/link_header.hpp"

namespace opsdeck::sync::http {

ResourceWalker::ResourceWalker(const HttpMapping& mapping, std::string name, std::string base_url,
                               HttpFetcher& fetcher, ProviderContext& context)
    : mapping_(mapping),
      name_(std::move(name)),
      scope_("http:" + name_),
      base_url_(std::move(base_url)),
      base_origin_(url_origin(base_url_)),
      fetcher_(fetcher),
      context_(context) {
  while (!base_url_.empty() && base_url_.back() == '/') {
    base_url_.pop_back();
  }
}

core::Status ResourceWalker::run() {
  std::vector<Frame> ancestors;
  for (const auto& resource : mapping_.resources) {
    if (resource.parent.empty()) {
      OPSDECK_TRY(walk(resource, ancestors));
    }
  }
  return {};
}

core::Unexpected ResourceWalker::missing_field(const std::string& url, std::size_t index,
                                               const ResourceMapping& resource, const std::string& field,
                                               std::string_view role) const {
  return core::fail(core::ErrorCategory::kProtocol,
                    fetcher_.scrub("GET " + displayable_url(url) + ": item " + std::to_string(index) +
                                   " has no field \"" + field + "\" (" + std::string(role) + " of resource " +
                                   resource.name + ", label " + resource.label + ")"));
}

core::Status ResourceWalker::walk(const ResourceMapping& resource, std::vector<Frame>& ancestors) {
  Ancestors placeholders;
  for (const auto& frame : ancestors) {
    placeholders.emplace_back(frame.resource->name, frame.item);
  }
  auto path = expand_path_template(resource.path, placeholders);
  if (!path) {
    return core::fail(path.error().category,
                      fetcher_.scrub("resource " + resource.name + ": " + path.error().message));
  }
  std::string first_url = base_url_ + (path->starts_with("/") ? "" : "/") + *path;
  for (const auto& [key, value] : resource.query) {
    first_url = append_query(first_url, key, value);
  }
  const auto& pagination = resource.pagination;
  std::string url =
      pagination.kind == Pagination::Kind::kPage
          ? append_query(first_url, pagination.page_param, std::to_string(pagination.first_page))
          : first_url;
  for (std::int64_t page_number = pagination.first_page;; ++page_number) {
    if (page_number - pagination.first_page >= pagination.max_pages) {
      return core::fail(core::ErrorCategory::kProtocol,
                        fetcher_.scrub("GET " + displayable_url(url) + ": resource " + resource.name +
                                       " has more than " + std::to_string(pagination.max_pages) +
                                       " pages (max_pages in the mapping); not all of it was read"));
    }
    if (context_.job.cancelled()) {
      return core::fail(core::ErrorCategory::kCancelled, "http provider " + name_ + ": cancelled");
    }
    context_.job.message(fetcher_.scrub(resource.name + ": GET " + displayable_url(url)));
    auto page = fetcher_.get_json(url, context_.job.stop_token());
    if (!page) {
      return core::Unexpected{page.error()};
    }
    std::size_t item_count = 0;
    OPSDECK_TRY(walk_items(resource, url, page->body, ancestors, item_count));
    auto next = next_page_url(resource, first_url, url, *page, page_number, item_count);
    if (!next) {
      return core::Unexpected{next.error()};
    }
    if (next->empty()) {
      return {};
    }
    url = std::move(next).value();
  }
}

core::Status ResourceWalker::walk_items(const ResourceMapping& resource, const std::string& url,
                                        const nlohmann::json& body, std::vector<Frame>& ancestors,
                                        std::size_t& item_count) {
  const nlohmann::json* items = find_field(body, resource.items_field);
  if (items == nullptr || !items->is_array()) {
    const std::string what =
        resource.items_field.empty() ? "the body" : "field \"" + resource.items_field + "\"";
    return core::fail(core::ErrorCategory::kProtocol,
                      fetcher_.scrub("GET " + displayable_url(url) + ": " + what + " is " +
                                     (items == nullptr ? "missing" : "not an array") +
                                     " (the items of resource " + resource.name + ")"));
  }
  item_count = items->size();
  for (std::size_t index = 0; index < items->size(); ++index) {
    const nlohmann::json& item = (*items)[index];
    std::string node_id;
    OPSDECK_TRY(add_item(resource, url, index, item, ancestors, node_id));
    context_.job.advance(1);
    ancestors.push_back(Frame{&resource, &item, node_id});
    for (const auto& child : mapping_.resources) {
      if (child.parent == resource.name) {
        auto walked = walk(child, ancestors);
        if (!walked) {
          ancestors.pop_back();
          return walked;
        }
      }
    }
    ancestors.pop_back();
  }
  return {};
}

core::Status ResourceWalker::add_item(const ResourceMapping& resource, const std::string& url,
                                      std::size_t index, const nlohmann::json& item,
                                      std::vector<Frame>& ancestors, std::string& node_id) {
  const nlohmann::json* id_value = find_field(item, resource.id_field);
  std::string id_text;
  if (id_value == nullptr || !scalar_text(*id_value, id_text)) {
    return missing_field(url, index, resource, resource.id_field, "the id");
  }
  node_id = name_ + ":" + id_text;
  GraphNode node{resource.label, node_id, scope_, nlohmann::json::object()};
  for (const auto& property : resource.properties) {
    const nlohmann::json* value = find_field(item, property.path);
    if (value == nullptr) {
      if (property.optional) {
        continue;
      }
      return missing_field(url, index, resource, property.path, "property " + property.name);
    }
    node.properties[property.name] = *value;
  }
  if (written_nodes_.insert(resource.label + '\n' + node_id).second) {
    OPSDECK_TRY(context_.sink.add_node(std::move(node)));
  }
  for (const auto& mapped : resource.relationships) {
    std::string target_id;
    if (!mapped.target_resource.empty()) {
      for (auto frame = ancestors.rbegin(); frame != ancestors.rend(); ++frame) {
        if (frame->resource->name == mapped.target_resource) {
          target_id = frame->node_id;
          break;
        }
      }
    } else {
      const nlohmann::json* target = find_field(item, mapped.target_id);
      std::string target_text;
      if (target == nullptr || !scalar_text(*target, target_text)) {
        if (mapped.optional && (target == nullptr || target->is_null())) {
          continue;
        }
        return missing_field(url, index, resource, mapped.target_id,
                             "target id of relationship " + mapped.type);
      }
      target_id = name_ + ":" + target_text;
    }
    GraphRelationship relationship{
        mapped.type, resource.label,          node_id, mapped.target_label, target_id,
        scope_,      nlohmann::json::object()};
    if (mapped.incoming) {
      std::swap(relationship.from_label, relationship.to_label);
      std::swap(relationship.from_id, relationship.to_id);
    }
    const std::string key = relationship.type + '\n' + relationship.from_label + '\n' + relationship.from_id +
                            '\n' + relationship.to_label + '\n' + relationship.to_id;
    if (written_relationships_.insert(key).second) {
      OPSDECK_TRY(context_.sink.add_relationship(std::move(relationship)));
    }
  }
  return {};
}

core::Result<std::string> ResourceWalker::next_page_url(const ResourceMapping& resource,
                                                        const std::string& first_url, const std::string& url,
                                                        const JsonPage& page, std::int64_t page_number,
                                                        std::size_t items_on_page) {
  const auto& pagination = resource.pagination;
  switch (pagination.kind) {
    case Pagination::Kind::kNone:
      return std::string();
    case Pagination::Kind::kPage:
      if (items_on_page == 0) {
        return std::string();
      }
      return append_query(first_url, pagination.page_param, std::to_string(page_number + 1));
    case Pagination::Kind::kCursor: {
      const nlohmann::json* cursor = find_field(page.body, pagination.cursor_field);
      std::string text;
      // The last page has no cursor, a null one or an empty one.
      if (cursor == nullptr || cursor->is_null() || !scalar_text(*cursor, text) || text.empty()) {
        return std::string();
      }
      return append_query(first_url, pagination.cursor_param, text);
    }
    case Pagination::Kind::kLink: {
      auto next = find_link(page.response.header("link"), "next");
      if (!next) {
        return std::string();
      }
      std::string next_url = resolve_reference(url, *next);
      // The auth header goes with every request: it must not follow a link to another server.
      if (url_origin(next_url) != base_origin_) {
        return core::fail(
            core::ErrorCategory::kProtocol,
            fetcher_.scrub("GET " + displayable_url(url) + ": Link rel=\"next\" points to " +
                           displayable_url(next_url) + ", outside " + base_origin_ + "; not followed"));
      }
      if (next_url == url) {
        return core::fail(
            core::ErrorCategory::kProtocol,
            fetcher_.scrub("GET " + displayable_url(url) + ": Link rel=\"next\" points to itself"));
      }
      return next_url;
    }
  }
  return std::string();
}

}  // namespace opsdeck::sync::http
