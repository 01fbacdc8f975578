// Parsing and validating mapping files. Every error names the file, the resource and the key.
#include "backend/sync/http/http_mapping.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "backend/sync/http/http_url.hpp"

namespace opsdeck::sync::http {
namespace {

using nlohmann::json;

class MappingParser {
 public:
  explicit MappingParser(std::string_view source) : source_(source) {}

  core::Result<HttpMapping> parse(const json& document) {
    if (!document.is_object()) {
      return error("", "the file must hold a JSON object");
    }
    HttpMapping mapping;
    if (auto found = document.find("description"); found != document.end() && found->is_string()) {
      mapping.description = found->get<std::string>();
    }
    ResourceMapping defaults;
    if (auto found = document.find("defaults"); found != document.end()) {
      where_ = "defaults";
      OPSDECK_TRY(parse_shared(*found, defaults));
    }
    auto resources = document.find("resources");
    if (resources == document.end() || !resources->is_array() || resources->empty()) {
      return error("", "\"resources\" must be a non-empty array");
    }
    for (std::size_t index = 0; index < resources->size(); ++index) {
      where_ = "resources[" + std::to_string(index) + "]";
      ResourceMapping resource = defaults;
      OPSDECK_TRY(parse_resource((*resources)[index], mapping, resource));
      mapping.resources.push_back(std::move(resource));
    }
    return mapping;
  }

 private:
  core::Unexpected error(std::string_view key, std::string_view problem) const {
    std::string message = "mapping " + std::string(source_) + ": ";
    if (!where_.empty()) {
      message += where_ + ": ";
    }
    if (!key.empty()) {
      message += "\"" + std::string(key) + "\" ";
    }
    return core::fail(core::ErrorCategory::kInvalidInput, message + std::string(problem));
  }

  core::Status read_string(const json& object, const char* key, std::string& out, bool required) {
    auto found = object.find(key);
    if (found == object.end()) {
      return required ? core::Status(error(key, "is missing")) : core::Status();
    }
    if (!found->is_string() || (required && found->get<std::string>().empty())) {
      return error(key, "must be a non-empty string");
    }
    out = found->get<std::string>();
    return {};
  }

  // Keys a resource may also inherit from "defaults": items, query, pagination.
  core::Status parse_shared(const json& object, ResourceMapping& resource) {
    if (!object.is_object()) {
      return error("", "must be a JSON object");
    }
    OPSDECK_TRY(read_string(object, "items", resource.items_field, false));
    if (auto query = object.find("query"); query != object.end()) {
      if (!query->is_object()) {
        return error("query", "must be an object of parameter names to values");
      }
      resource.query.clear();
      for (const auto& [name, value] : query->items()) {
        std::string text;
        if (value.is_string()) {
          text = value.get<std::string>();
        } else if (value.is_number()) {
          text = value.dump();
        } else {
          return error("query", "parameter \"" + name + "\" must be a string or a number");
        }
        resource.query.emplace_back(name, text);
      }
    }
    if (auto pagination = object.find("pagination"); pagination != object.end()) {
      OPSDECK_TRY(parse_pagination(*pagination, resource.pagination));
    }
    return {};
  }

  core::Status parse_pagination(const json& object, Pagination& pagination) {
    if (!object.is_object()) {
      return error("pagination", "must be an object with a \"type\"");
    }
    std::string type;
    OPSDECK_TRY(read_string(object, "type", type, true));
    pagination = Pagination{};
    if (type == "none") {
      pagination.kind = Pagination::Kind::kNone;
    } else if (type == "link") {
      pagination.kind = Pagination::Kind::kLink;
    } else if (type == "cursor") {
      pagination.kind = Pagination::Kind::kCursor;
      OPSDECK_TRY(read_string(object, "cursor_field", pagination.cursor_field, true));
      OPSDECK_TRY(read_string(object, "cursor_param", pagination.cursor_param, false));
    } else if (type == "page") {
      pagination.kind = Pagination::Kind::kPage;
      OPSDECK_TRY(read_string(object, "page_param", pagination.page_param, false));
      if (auto first = object.find("first_page"); first != object.end()) {
        if (!first->is_number_integer()) {
          return error("first_page", "must be an integer");
        }
        pagination.first_page = first->get<std::int64_t>();
      }
    } else {
      return error("pagination.type", "must be none, link, cursor or page (got \"" + type + "\")");
    }
    if (auto max_pages = object.find("max_pages"); max_pages != object.end()) {
      if (!max_pages->is_number_integer() || max_pages->get<std::int64_t>() < 1) {
        return error("max_pages", "must be a positive integer");
      }
      pagination.max_pages = max_pages->get<std::int64_t>();
    }
    return {};
  }

  core::Status parse_properties(const json& object, ResourceMapping& resource) {
    if (!object.is_object()) {
      return error("properties", "must be an object of property names to field paths");
    }
    for (const auto& [name, value] : object.items()) {
      PropertyMapping property{name, {}, false};
      if (value.is_string()) {
        property.path = value.get<std::string>();
      } else if (value.is_object() && value.contains("path") && value["path"].is_string()) {
        property.path = value["path"].get<std::string>();
        property.optional = value.value("optional", false);
      } else {
        return error("properties",
                     "\"" + name + "\" must be a field path or {\"path\": ..., \"optional\": true}");
      }
      resource.properties.push_back(std::move(property));
    }
    return {};
  }

  core::Status parse_relationship(const json& object, const HttpMapping& mapping, const ResourceMapping& self,
                                  RelationshipMapping& relationship) {
    if (!object.is_object()) {
      return error("relationships", "each entry must be an object");
    }
    OPSDECK_TRY(read_string(object, "type", relationship.type, true));
    OPSDECK_TRY(read_string(object, "target", relationship.target_resource, false));
    OPSDECK_TRY(read_string(object, "target_label", relationship.target_label, false));
    OPSDECK_TRY(read_string(object, "target_id", relationship.target_id, false));
    const std::string direction = object.value("direction", std::string("out"));
    if (direction != "out" && direction != "in") {
      return error("direction", "must be \"out\" or \"in\" (relationship " + relationship.type + ")");
    }
    relationship.incoming = direction == "in";
    relationship.optional = object.value("optional", false);
    if (!relationship.target_resource.empty()) {
      // The target must be an ancestor: only their items are at hand while this resource is fetched.
      for (const ResourceMapping* ancestor = mapping.find(self.parent); ancestor != nullptr;
           ancestor = mapping.find(ancestor->parent)) {
        if (ancestor->name == relationship.target_resource) {
          relationship.target_label = ancestor->label;
          return {};
        }
      }
      return error("target", "\"" + relationship.target_resource + "\" is not an ancestor of " + self.name +
                                 " (relationship " + relationship.type + ")");
    }
    if (relationship.target_label.empty() || relationship.target_id.empty()) {
      return error("relationships", relationship.type +
                                        " needs \"target\" (an ancestor resource) or \"target_label\" and "
                                        "\"target_id\"");
    }
    return {};
  }

  core::Status parse_resource(const json& object, const HttpMapping& mapping, ResourceMapping& resource) {
    if (!object.is_object()) {
      return error("", "must be a JSON object");
    }
    OPSDECK_TRY(read_string(object, "name", resource.name, true));
    where_ += " (" + resource.name + ")";
    if (mapping.find(resource.name) != nullptr) {
      return error("name", "is used twice");
    }
    OPSDECK_TRY(read_string(object, "parent", resource.parent, false));
    if (!resource.parent.empty() && mapping.find(resource.parent) == nullptr) {
      return error("parent", "\"" + resource.parent + "\" is not a resource defined above this one");
    }
    OPSDECK_TRY(read_string(object, "path", resource.path, true));
    OPSDECK_TRY(read_string(object, "label", resource.label, true));
    OPSDECK_TRY(read_string(object, "id", resource.id_field, true));
    OPSDECK_TRY(parse_shared(object, resource));
    auto references = template_references(resource.path);
    if (!references) {
      return error("path", references.error().message);
    }
    for (const auto& name : *references) {
      bool is_ancestor = false;
      for (const ResourceMapping* ancestor = mapping.find(resource.parent); ancestor != nullptr;
           ancestor = mapping.find(ancestor->parent)) {
        is_ancestor = is_ancestor || ancestor->name == name;
      }
      if (!is_ancestor) {
        return error("path",
                     "placeholder {" + name + ".field} does not name an ancestor of " + resource.name);
      }
    }
    if (auto properties = object.find("properties"); properties != object.end()) {
      OPSDECK_TRY(parse_properties(*properties, resource));
    }
    if (auto relationships = object.find("relationships"); relationships != object.end()) {
      if (!relationships->is_array()) {
        return error("relationships", "must be an array");
      }
      for (const auto& entry : *relationships) {
        RelationshipMapping relationship;
        OPSDECK_TRY(parse_relationship(entry, mapping, resource, relationship));
        resource.relationships.push_back(std::move(relationship));
      }
    }
    return {};
  }

  std::string_view source_;
  std::string where_;
};

}  // namespace

const ResourceMapping* HttpMapping::find(std::string_view name) const {
  auto found = std::find_if(resources.begin(), resources.end(),
                            [&](const ResourceMapping& resource) { return resource.name == name; });
  return found == resources.end() ? nullptr : &*found;
}

core::Result<HttpMapping> parse_http_mapping(std::string_view text, std::string_view source) {
  json document;
  // The exception stays here; only the byte offset goes out, in the message.
  try {
    document = json::parse(text);
  } catch (const json::parse_error& parse_error) {
    return core::fail(
        core::ErrorCategory::kInvalidInput,
        "mapping " + std::string(source) + ": not valid JSON at byte " + std::to_string(parse_error.byte));
  }
  return MappingParser(source).parse(document);
}

}  // namespace opsdeck::sync::http
