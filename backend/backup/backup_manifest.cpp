#include "backend/backup/backup_manifest.hpp"

#include <string_view>

namespace opsdeck::backup {
namespace {

using core::ErrorCategory;
using nlohmann::json;

// Reads `object[key]` into `out` when present and of the expected type; a missing optional field keeps
// the default, a wrong type fails naming the field.
template <typename T>
core::Status read_field(const json& object, std::string_view where, const char* key, T& out,
                        bool required = true) {
  auto found = object.find(key);
  if (found == object.end()) {
    if (!required) {
      return {};
    }
    return core::fail(ErrorCategory::kProtocol, std::string(where) + ": missing field \"" + key + "\"");
  }
  try {
    out = found->get<T>();
  } catch (const json::exception&) {
    return core::fail(ErrorCategory::kProtocol,
                      std::string(where) + ": field \"" + key + "\" has the wrong type");
  }
  return {};
}

core::Result<FileType> file_type_from(const std::string& text, std::string_view where) {
  if (text == "file") {
    return FileType::kRegular;
  }
  if (text == "dir") {
    return FileType::kDirectory;
  }
  if (text == "symlink") {
    return FileType::kSymlink;
  }
  return core::fail(ErrorCategory::kProtocol, std::string(where) + ": unknown file type \"" + text + "\"");
}

}  // namespace

std::string_view to_string(FileType type) {
  switch (type) {
    case FileType::kRegular:
      return "file";
    case FileType::kDirectory:
      return "dir";
    case FileType::kSymlink:
      return "symlink";
  }
  return "file";
}

std::uint64_t FileEntry::allocated_bytes() const {
  std::uint64_t total = 0;
  for (const auto& extent : extents) {
    total += extent.length;
  }
  return total;
}

std::uint64_t Manifest::total_size() const {
  std::uint64_t total = 0;
  for (const auto& file : content.files) {
    total += file.type == FileType::kRegular ? file.size : 0;
  }
  return total;
}

std::uint64_t Manifest::total_allocated() const {
  std::uint64_t total = 0;
  for (const auto& file : content.files) {
    total += file.allocated_bytes();
  }
  return total;
}

std::uint64_t Manifest::total_stored() const {
  std::uint64_t total = 0;
  for (const auto& file : content.files) {
    total += file.compression.empty() ? file.allocated_bytes() : file.stored_size;
  }
  return total;
}

std::string Manifest::compression() const {
  for (const auto& file : content.files) {
    if (!file.compression.empty()) {
      return file.compression;
    }
  }
  return "none";
}

json to_json(const FileEntry& entry) {
  json value = {{"path", entry.path}, {"type", to_string(entry.type)},
                {"mode", entry.mode}, {"uid", entry.uid},
                {"gid", entry.gid},   {"mtime_ns", entry.mtime_ns}};
  if (entry.type == FileType::kRegular) {
    value["size"] = entry.size;
    value["sha256"] = entry.sha256;
    json extents = json::array();
    for (const auto& extent : entry.extents) {
      extents.push_back(json::array({extent.offset, extent.length}));
    }
    value["extents"] = std::move(extents);
    if (!entry.compression.empty()) {
      value["compression"] = entry.compression;
      value["stored_size"] = entry.stored_size;
    }
  }
  if (entry.type == FileType::kSymlink) {
    value["target"] = entry.link_target;
  }
  return value;
}

json to_json(const LmdbEnvironmentEntry& entry) {
  return {{"path", entry.path}, {"map_size", entry.map_size}, {"entry_counts", entry.entry_counts}};
}

json to_json(const ManifestFragment& fragment) {
  json files = json::array();
  for (const auto& file : fragment.files) {
    files.push_back(to_json(file));
  }
  json environments = json::array();
  for (const auto& environment : fragment.lmdb_environments) {
    environments.push_back(to_json(environment));
  }
  return {{"files", std::move(files)},
          {"lmdb_environments", std::move(environments)},
          {"details", fragment.details},
          {"bytes_written", fragment.bytes_written}};
}

json to_json(const Manifest& manifest) {
  return {{"format_version", manifest.format_version},
          {"id", manifest.id},
          {"source", manifest.source},
          {"kind", manifest.kind},
          {"tool_version", manifest.tool_version},
          {"hostname", manifest.hostname},
          {"started_at", manifest.started_at},
          {"finished_at", manifest.finished_at},
          {"content", to_json(manifest.content)}};
}

core::Result<FileEntry> file_entry_from_json(const json& value) {
  if (!value.is_object()) {
    return core::fail(ErrorCategory::kProtocol, "file entry: expected an object");
  }
  FileEntry entry;
  std::string type = "file";
  OPSDECK_TRY(read_field(value, "file entry", "path", entry.path));
  const std::string where = "file entry \"" + entry.path + "\"";
  OPSDECK_TRY(read_field(value, where, "type", type));
  auto parsed_type = file_type_from(type, where);
  OPSDECK_TRY(parsed_type);
  entry.type = *parsed_type;
  OPSDECK_TRY(read_field(value, where, "mode", entry.mode));
  OPSDECK_TRY(read_field(value, where, "uid", entry.uid, false));
  OPSDECK_TRY(read_field(value, where, "gid", entry.gid, false));
  OPSDECK_TRY(read_field(value, where, "mtime_ns", entry.mtime_ns, false));
  if (entry.type == FileType::kRegular) {
    OPSDECK_TRY(read_field(value, where, "size", entry.size));
    OPSDECK_TRY(read_field(value, where, "sha256", entry.sha256));
    json extents = json::array();
    OPSDECK_TRY(read_field(value, where, "extents", extents, false));
    for (const auto& extent : extents) {
      if (!extent.is_array() || extent.size() != 2 || !extent[0].is_number_unsigned() ||
          !extent[1].is_number_unsigned()) {
        return core::fail(ErrorCategory::kProtocol, where + ": extents must be [offset, length] pairs");
      }
      entry.extents.push_back({extent[0].get<std::uint64_t>(), extent[1].get<std::uint64_t>()});
    }
    OPSDECK_TRY(read_field(value, where, "compression", entry.compression, false));
    if (!entry.compression.empty() && entry.compression != "zstd") {
      return core::fail(ErrorCategory::kProtocol,
                        where + ": unknown compression \"" + entry.compression + "\"");
    }
    OPSDECK_TRY(read_field(value, where, "stored_size", entry.stored_size, !entry.compression.empty()));
  }
  if (entry.type == FileType::kSymlink) {
    OPSDECK_TRY(read_field(value, where, "target", entry.link_target));
  }
  return entry;
}

core::Result<ManifestFragment> fragment_from_json(const json& value) {
  if (!value.is_object()) {
    return core::fail(ErrorCategory::kProtocol, "manifest content: expected an object");
  }
  ManifestFragment fragment;
  json files = json::array();
  json environments = json::array();
  OPSDECK_TRY(read_field(value, "manifest content", "files", files));
  OPSDECK_TRY(read_field(value, "manifest content", "lmdb_environments", environments, false));
  OPSDECK_TRY(read_field(value, "manifest content", "details", fragment.details, false));
  OPSDECK_TRY(read_field(value, "manifest content", "bytes_written", fragment.bytes_written, false));
  for (const auto& file : files) {
    auto entry = file_entry_from_json(file);
    OPSDECK_TRY(entry);
    fragment.files.push_back(std::move(*entry));
  }
  for (const auto& environment : environments) {
    LmdbEnvironmentEntry entry;
    OPSDECK_TRY(read_field(environment, "lmdb environment", "path", entry.path));
    OPSDECK_TRY(read_field(environment, "lmdb environment", "map_size", entry.map_size, false));
    OPSDECK_TRY(read_field(environment, "lmdb environment", "entry_counts", entry.entry_counts));
    fragment.lmdb_environments.push_back(std::move(entry));
  }
  return fragment;
}

core::Result<Manifest> manifest_from_json(const json& value) {
  if (!value.is_object()) {
    return core::fail(ErrorCategory::kProtocol, "manifest: expected a JSON object");
  }
  Manifest manifest;
  OPSDECK_TRY(read_field(value, "manifest", "format_version", manifest.format_version));
  if (manifest.format_version != Manifest::kFormatVersion) {
    return core::fail(ErrorCategory::kProtocol, "manifest: format_version " +
                                                    std::to_string(manifest.format_version) +
                                                    " is not supported (this opsdeck reads " +
                                                    std::to_string(Manifest::kFormatVersion) + ")");
  }
  OPSDECK_TRY(read_field(value, "manifest", "id", manifest.id));
  OPSDECK_TRY(read_field(value, "manifest", "source", manifest.source));
  OPSDECK_TRY(read_field(value, "manifest", "kind", manifest.kind));
  OPSDECK_TRY(read_field(value, "manifest", "tool_version", manifest.tool_version));
  OPSDECK_TRY(read_field(value, "manifest", "hostname", manifest.hostname, false));
  OPSDECK_TRY(read_field(value, "manifest", "started_at", manifest.started_at));
  OPSDECK_TRY(read_field(value, "manifest", "finished_at", manifest.finished_at));
  auto content = value.find("content");
  if (content == value.end()) {
    return core::fail(ErrorCategory::kProtocol, "manifest: missing field \"content\"");
  }
  auto fragment = fragment_from_json(*content);
  OPSDECK_TRY(fragment);
  manifest.content = std::move(*fragment);
  return manifest;
}

}  // namespace opsdeck::backup
