// zstd-compressed backups through the real binary: the stored files are zstd frames smaller than the data,
// the manifest records the compression with both sizes and the SHA-256 of the original bytes, a restore gives
// back the same bytes with a sparse file's holes kept, verify --read-data finds one flipped byte in a
// compressed file, a restore of a damaged compressed backup leaves the target as it was, and MariaDB and
// Redis dumps and LMDB environments are compressed and restored too (a MariaDB source without opsdeck's own
// database on the server).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "backend/backup/sha256_hasher.hpp"
#include "tests/integration/backup/backup_fixture.hpp"
#include "tests/integration/backup/mariadb_backup_fixture.hpp"

namespace opsdeck::backup::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
constexpr std::uint64_t kMiB = 1 << 20;

nlohmann::json manifest_of(const fs::path& backup) {
  std::ifstream in(backup / "manifest.json");
  return nlohmann::json::parse(in);
}

const nlohmann::json* entry_named(const nlohmann::json& manifest, const std::string& path) {
  for (const auto& entry : manifest["content"]["files"]) {
    if (entry["path"] == path) {
      return &entry;
    }
  }
  return nullptr;
}

bool starts_with_zstd_frame(const fs::path& path) {
  const std::string head = read_file(path).substr(0, 4);
  return head == std::string("\x28\xb5\x2f\xfd", 4);
}

std::string pattern_block(char seed) {
  std::string data(kMiB, '\0');
  for (std::size_t index = 0; index < data.size(); ++index) {
    data[index] = static_cast<char>(seed + index % 13);
  }
  return data;
}

// <source>/logs/app.log (compressible text), blob.bin (random, incompressible), empty, a symlink, and
// sparse.img: 64 MiB apparent with 1 MiB of data at 0 and at 40 MiB.
void make_source(const fs::path& source) {
  std::string log;
  for (int line = 0; line < 20000; ++line) {
    log += "2026-11-23 request " + std::to_string(line % 97) + " served in 12 ms\n";
  }
  write_file(source / "logs/app.log", log);
  std::mt19937_64 random(42);
  std::string blob(300000, '\0');
  for (auto& byte : blob) {
    byte = static_cast<char>(random());
  }
  write_file(source / "blob.bin", blob);
  write_file(source / "empty", "");
  fs::create_symlink("logs/app.log", source / "current.log");
  const fs::path sparse = source / "sparse.img";
  const int fd = ::open(sparse.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0640);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, static_cast<off_t>(64 * kMiB)), 0);
  for (const std::uint64_t offset : {std::uint64_t{0}, 40 * kMiB}) {
    const std::string data = pattern_block(static_cast<char>('a' + offset / kMiB));
    ASSERT_EQ(::pwrite(fd, data.data(), data.size(), static_cast<off_t>(offset)),
              static_cast<ssize_t>(data.size()));
  }
  ::close(fd);
}

std::uint64_t allocated(const fs::path& path) {
  struct stat status {};
  EXPECT_EQ(::stat(path.c_str(), &status), 0) << path;
  return static_cast<std::uint64_t>(status.st_blocks) * 512;
}

void flip_byte(const fs::path& path, off_t offset) {
  const int fd = ::open(path.c_str(), O_RDWR);
  ASSERT_GE(fd, 0) << path;
  char byte = 0;
  ASSERT_EQ(::pread(fd, &byte, 1, offset), 1);
  byte = static_cast<char>(byte ^ 0x01);
  ASSERT_EQ(::pwrite(fd, &byte, 1, offset), 1);
  ::close(fd);
}

TEST_F(BackupTest, CompressedBackupRestoresTheSameBytesAndKeepsHoles) {
  const fs::path source = dir("svc");
  make_source(source);
  const fs::path repo = dir("repo");
  const auto created = opsdeck(
      {"backup", "create", source.string(), "--repo", repo.string(), "--compress", "zstd:5", "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  const auto summary = created.json();
  const std::string id = summary["id"];
  EXPECT_EQ(summary["compression"], "zstd");
  EXPECT_LT(summary["stored"].get<std::uint64_t>(), summary["allocated"].get<std::uint64_t>());

  const auto manifest = manifest_of(repo / id);
  const fs::path data = repo / id / "data";
  for (const std::string name : {"logs/app.log", "blob.bin", "sparse.img"}) {
    const auto* entry = entry_named(manifest, name);
    ASSERT_NE(entry, nullptr) << name;
    EXPECT_EQ((*entry)["compression"], "zstd") << name;
    EXPECT_EQ((*entry)["stored_size"].get<std::uint64_t>(), fs::file_size(data / name)) << name;
    EXPECT_EQ((*entry)["size"].get<std::uint64_t>(), fs::file_size(source / name)) << name;
    EXPECT_TRUE(starts_with_zstd_frame(data / name)) << name;
  }
  const auto* log = entry_named(manifest, "logs/app.log");
  EXPECT_LT((*log)["stored_size"].get<std::uint64_t>(), (*log)["size"].get<std::uint64_t>() / 10);
  // The SHA-256 is the one of the original bytes (`sha256sum` of the source file).
  Sha256Hasher hasher;
  const std::string original = read_file(source / "logs/app.log");
  hasher.update(original.data(), original.size());
  EXPECT_EQ(hasher.hex_digest(), (*log)["sha256"].get<std::string>());
  const auto* sparse = entry_named(manifest, "sparse.img");
  EXPECT_EQ((*sparse)["extents"].size(), 2u);
  EXPECT_LT(fs::file_size(data / "sparse.img"), 2 * kMiB);
  const auto* empty = entry_named(manifest, "empty");
  ASSERT_NE(empty, nullptr);
  EXPECT_FALSE(empty->contains("compression"));

  const auto verified = opsdeck({"backup", "verify", id, "--read-data", "--repo", repo.string()});
  EXPECT_EQ(verified.exit_code, 0) << verified.output;

  const fs::path target = dir("restored");
  const auto restored =
      opsdeck({"backup", "restore", id, "--to", target.string(), "--yes", "--repo", repo.string()});
  ASSERT_EQ(restored.exit_code, 0) << restored.output;
  EXPECT_EQ(snapshot_tree(target), snapshot_tree(source));
  EXPECT_EQ(fs::file_size(target / "sparse.img"), 64 * kMiB);
  EXPECT_LE(allocated(target / "sparse.img"), 3 * kMiB) << "the restored sparse file lost its holes";
  struct stat source_status {};
  struct stat copy {};
  ASSERT_EQ(::stat((source / "blob.bin").c_str(), &source_status), 0);
  ASSERT_EQ(::stat((target / "blob.bin").c_str(), &copy), 0);
  EXPECT_EQ(copy.st_mtim.tv_sec, source_status.st_mtim.tv_sec);
  EXPECT_EQ(copy.st_mode, source_status.st_mode);
}

TEST_F(BackupTest, CompressedLmdbEnvironmentRestoresWithItsEntries) {
  const fs::path source = dir("svc");
  {
    LmdbWriter writer(source / "db");
    ASSERT_TRUE(writer.wait_for_commits(300));
    writer.stop();
  }
  const LmdbContents original = read_lmdb_contents(source / "db");
  ASSERT_GE(original.a.size(), 300u);
  const fs::path repo = dir("repo");
  const auto created = opsdeck(
      {"backup", "create", source.string(), "--repo", repo.string(), "--compress", "zstd:2", "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  const std::string id = created.json()["id"];
  const auto manifest = manifest_of(repo / id);
  const auto* data_file = entry_named(manifest, "db/data.mdb");
  ASSERT_NE(data_file, nullptr);
  EXPECT_EQ((*data_file)["compression"], "zstd");
  EXPECT_TRUE(starts_with_zstd_frame(repo / id / "data" / "db/data.mdb"));
  const fs::path target = dir("restored");
  const auto restored =
      opsdeck({"backup", "restore", id, "--to", target.string(), "--yes", "--repo", repo.string()});
  ASSERT_EQ(restored.exit_code, 0) << restored.output;
  const LmdbContents copy = read_lmdb_contents(target / "db");
  EXPECT_EQ(copy.a, original.a);
  EXPECT_EQ(copy.b, original.b);
}

TEST_F(BackupTest, VerifyReadDataFindsOneFlippedByteInACompressedFile) {
  const fs::path source = dir("svc");
  make_source(source);
  const fs::path repo = dir("repo");
  const auto created =
      opsdeck({"backup", "create", source.string(), "--repo", repo.string(), "--compress", "zstd", "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  const std::string id = created.json()["id"];
  const fs::path victim = repo / id / "data" / "logs/app.log";
  flip_byte(victim, static_cast<off_t>(fs::file_size(victim) / 2));

  const auto metadata_only = opsdeck({"backup", "verify", id, "--repo", repo.string()});
  EXPECT_EQ(metadata_only.exit_code, 0) << "sizes and types still match: " << metadata_only.output;
  const auto damaged = opsdeck({"backup", "verify", id, "--read-data", "--repo", repo.string(), "--json"});
  EXPECT_EQ(damaged.exit_code, 1) << damaged.output;
  const auto report = damaged.json();
  ASSERT_EQ(report["problems"].size(), 1u) << damaged.output;
  EXPECT_THAT(report["problems"][0].get<std::string>(), HasSubstr("logs/app.log"));

  // A restore of the damaged backup fails and leaves the existing target byte for byte as it was.
  const fs::path target = dir("target");
  write_file(target / "keep.txt", "old data\n");
  const auto before = snapshot_tree(target);
  const auto restore =
      opsdeck({"backup", "restore", id, "--to", target.string(), "--yes", "--repo", repo.string()});
  EXPECT_EQ(restore.exit_code, 1) << restore.output;
  EXPECT_THAT(restore.output, HasSubstr("logs/app.log"));
  EXPECT_EQ(snapshot_tree(target), before);
}

TEST_F(BackupTest, CompressionFromConfigAndBadValuesAreRefused) {
  const fs::path source = dir("svc");
  write_file(source / "a.txt", std::string(100000, 'a'));
  const fs::path repo = dir("repo");
  const auto bad =
      opsdeck({"backup", "create", source.string(), "--repo", repo.string(), "--compress", "zstd:99"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.output, HasSubstr("zstd:99"));
  EXPECT_TRUE(!fs::exists(repo) || fs::is_empty(repo) || !fs::exists(repo / "manifest.json"));

  ::setenv("OPSDECK_BACKUP_COMPRESSION", "zstd:1", 1);
  const auto configured = opsdeck({"backup", "create", source.string(), "--repo", repo.string(), "--json"});
  ::unsetenv("OPSDECK_BACKUP_COMPRESSION");
  ASSERT_EQ(configured.exit_code, 0) << configured.output;
  EXPECT_EQ(configured.json()["compression"], "zstd");
  EXPECT_LT(configured.json()["stored"].get<std::uint64_t>(), 1000u);
}

TEST_F(BackupTest, CompressedMariadbAndRedisDumpsRoundTrip) {
  ASSERT_TRUE(opsdeck::testing::servers_ready());
  auto connection = connect_or_fail();
  ASSERT_NE(connection, nullptr);
  const std::string database = fresh_database(*connection, "zst");
  run(*connection, "CREATE TABLE " + sql_name(database) + ".t (id INT PRIMARY KEY, v VARBINARY(16), w TEXT)");
  run(*connection, "INSERT INTO " + sql_name(database) +
                       ".t SELECT seq, UNHEX(MD5(seq)), REPEAT('ü', seq % 9) FROM seq_1_to_5000");
  const auto before = checksums(*connection, database);
  const std::string repo = dir("repo").string();
  const std::string socket = opsdeck::testing::mariadb_options().socket;
  // The source names its database: opsdeck's own database (mariadb.database) need not exist on the server.
  ::setenv("OPSDECK_MARIADB_DATABASE", ("bk_absent_" + std::to_string(::getpid())).c_str(), 1);
  const auto created = opsdeck({"backup", "create", "mariadb:" + socket + "/" + database, "--repo", repo,
                                "--compress", "zstd", "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  const std::string id = created.json()["id"];
  EXPECT_EQ(created.json()["compression"], "zstd");
  std::size_t dumps = 0;
  const auto manifest = manifest_of(fs::path(repo) / id);
  for (const auto& entry : manifest["content"]["files"]) {
    if (entry["type"] == "file" && entry["size"].get<std::uint64_t>() > 0) {
      EXPECT_EQ(entry.value("compression", ""), "zstd") << entry.dump();
      EXPECT_TRUE(starts_with_zstd_frame(fs::path(repo) / id / "data" / entry["path"].get<std::string>()));
      ++dumps;
    }
  }
  EXPECT_GE(dumps, 1u);
  const auto verified = opsdeck({"backup", "verify", id, "--read-data", "--repo", repo});
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  const std::string target = "bk_zst_target_" + std::to_string(::getpid());
  const auto restored = opsdeck({"backup", "restore", id, "--to", "db:" + target, "--yes", "--repo", repo});
  ::unsetenv("OPSDECK_MARIADB_DATABASE");
  ASSERT_EQ(restored.exit_code, 0) << restored.output;
  EXPECT_EQ(checksums(*connection, target), before);
  run(*connection, "DROP DATABASE " + sql_name(database));
  run(*connection, "DROP DATABASE " + sql_name(target));

  auto client = store::RedisClient::connect(opsdeck::testing::redis_options());
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE((*client)->command({"FLUSHDB"}).ok());
  ASSERT_TRUE((*client)->command({"SET", "zst:kept", std::string(5000, 'k')}).ok());
  ASSERT_TRUE((*client)->command({"RPUSH", "zst:list", "a", "b", "c"}).ok());
  const auto redis_created = opsdeck({"backup", "create", "redis:" + opsdeck::testing::redis_options().socket,
                                      "--repo", repo, "--compress", "zstd:3", "--json"});
  ASSERT_EQ(redis_created.exit_code, 0) << redis_created.output;
  EXPECT_EQ(redis_created.json()["compression"], "zstd");
  const std::string redis_id = redis_created.json()["id"];
  ASSERT_TRUE((*client)->command({"SET", "zst:kept", "changed"}).ok());
  ASSERT_TRUE((*client)->command({"DEL", "zst:list"}).ok());
  const auto redis_restored =
      opsdeck({"backup", "restore", redis_id, "--to", "redis", "--flush", "--yes", "--repo", repo});
  ASSERT_EQ(redis_restored.exit_code, 0) << redis_restored.output;
  EXPECT_EQ((*client)->command({"GET", "zst:kept"})->text, std::string(5000, 'k'));
  EXPECT_EQ((*client)->command({"LLEN", "zst:list"})->integer, 3);
  ASSERT_TRUE((*client)->command({"FLUSHDB"}).ok());
}

}  // namespace
}  // namespace opsdeck::backup::testing
