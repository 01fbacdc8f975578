// Certificates view: table on top, details of the selection below, forms and confirmations as overlays.
#include "views/certificates_view.hpp"

#include <algorithm>
#include <chrono>

#include "backend/certs/certs_console_commands.hpp"
#include "backend/core/time_format.hpp"
#include "tui/widgets/text_wrap.hpp"
#include "views/cert_forms.hpp"
#include "views/cert_urgency.hpp"

namespace opsdeck::views {

using tui::kAttrBold;
using tui::kAttrNone;
using tui::Rect;
using tui::Role;

namespace {

std::string row_id(certs::CertKind kind, const std::string& name) {
  return std::string(certs::to_string(kind)) + ":" + name;
}

std::int64_t unix_now(const tui::Snapshot& snapshot, const certs::CertsSnapshot& listing) {
  if (snapshot.now == std::chrono::system_clock::time_point{}) {
    return listing.taken_at;  // tests and the first frame: the engine's clock
  }
  return std::chrono::duration_cast<std::chrono::seconds>(snapshot.now.time_since_epoch()).count();
}

std::string first_ca(const std::shared_ptr<const certs::CertsSnapshot>& listing) {
  if (listing) {
    for (const auto& info : listing->certificates) {
      if (info.kind == certs::CertKind::kCa && info.has_key) {
        return info.name;
      }
    }
  }
  return "";
}

}  // namespace

CertificatesView::CertificatesView(CertsSource source)
    : source_(std::move(source)),
      table_({{"name", 0, 3, 12},
              {"type", 5},
              {"subject", 0, 3, 12},
              {"issuer", 0, 2, 10},
              {"not after", 11},
              {"days", 6, 0, 0, tui::Align::kRight},
              {"status", 14}}) {
}

std::vector<tui::KeyHint> CertificatesView::keys() const {
  return {{"n", "new"},        {"r", "renew"},  {"x", "revoke"},
          {"e", "export p12"}, {"/", "filter"}, {"d", details_focused_ ? "table" : "details"},
          {"R", "reload"}};
}

std::vector<tui::Action> CertificatesView::actions() const {
  // The palette sends actions without arguments, so only the one that needs no selection is offered; the
  // others need this view's selection and forms (n, r, x, e).
  return {{std::string(certs::kRefreshCommand), "re-read the certificate directory"}};
}

bool CertificatesView::capturing_input() const {
  return form_ != nullptr || confirm_.has_value() || table_.editing_filter();
}

void CertificatesView::fill_table(const certs::CertsSnapshot& listing, std::int64_t now) {
  std::vector<tui::TableRow> rows;
  rows.reserve(listing.certificates.size() + listing.pending.size());
  for (const auto& info : listing.certificates) {
    std::int64_t days = info.days_left(now);
    std::string status(certs::to_string(info.status(now)));
    if (!info.has_key) {
      status += ", no key";
    }
    tui::TableRow row;
    row.id = row_id(info.kind, info.name);
    row.cells = {tui::TableCell(info.name),
                 tui::TableCell(std::string(certs::to_string(info.kind))),
                 tui::TableCell(info.subject),
                 tui::TableCell(info.issuer),
                 tui::TableCell(core::format_utc_date(info.not_after), std::to_string(info.not_after)),
                 tui::TableCell(std::to_string(days)),
                 tui::TableCell(status)};
    row.role = certificate_urgency(info, now);
    rows.push_back(std::move(row));
  }
  for (const auto& request : listing.pending) {
    tui::TableRow row;
    row.id = "csr:" + row_id(request.kind, request.name);
    row.cells = {tui::TableCell(request.name),
                 tui::TableCell(std::string(certs::to_string(request.kind))),
                 "",
                 "",
                 "",
                 "",
                 tui::TableCell("CSR pending")};
    row.role = Role::kMuted;
    rows.push_back(std::move(row));
  }
  table_.set_rows(std::move(rows));
}

const certs::CertificateInfo* CertificatesView::selected(const certs::CertsSnapshot& listing) const {
  const tui::TableRow* row = table_.selected_row();
  if (row == nullptr) {
    return nullptr;
  }
  for (const auto& info : listing.certificates) {
    if (row_id(info.kind, info.name) == row->id) {
      return &info;
    }
  }
  return nullptr;
}

void CertificatesView::render_details(const certs::CertsSnapshot& listing, std::int64_t now,
                                      tui::Canvas& canvas, Rect box, bool ascii) {
  const certs::CertificateInfo* info = selected(listing);
  canvas.box(box, info != nullptr ? "Details: " + info->name : "Details",
             {details_focused_ ? Role::kAccent : Role::kBorder, kAttrNone}, ascii);
  Rect inner = box.inset(1);
  if (inner.empty()) {
    return;
  }
  std::vector<std::pair<std::string, tui::Style>> lines;
  if (info == nullptr) {
    lines.push_back({listing.pending.empty() && listing.certificates.empty()
                         ? "no certificates in " + listing.directory.string() + " (n creates one)"
                         : "no certificate selected",
                     {Role::kMuted, kAttrNone}});
  } else {
    auto urgency = certificate_urgency(*info, now);
    lines.push_back({std::string(certs::to_string(info->kind)) + "  " +
                         std::string(certs::to_string(info->status(now))) + ", " +
                         std::to_string(info->days_left(now)) + " days left  key " +
                         (info->has_key ? "present" : "not here") + "  " + info->certificate_path.string(),
                     {urgency.value_or(Role::kDefault), kAttrBold}});
    for (const auto& line : tui::wrap_text(info->decoded_text, inner.width)) {
      lines.push_back({line, {Role::kDefault, kAttrNone}});
    }
  }
  for (const auto& problem : listing.problems) {
    lines.push_back({"unreadable: " + problem.message, {Role::kWarn, kAttrNone}});
  }
  detail_height_ = inner.height;
  int max_scroll = std::max(0, static_cast<int>(lines.size()) - inner.height);
  detail_scroll_ = std::clamp(detail_scroll_, 0, max_scroll);
  for (int row = 0; row < inner.height; ++row) {
    auto index = static_cast<std::size_t>(detail_scroll_ + row);
    if (index >= lines.size()) {
      break;
    }
    canvas.text(inner.x, inner.y + row, tui::truncate_to_width(lines[index].first, inner.width, ascii),
                lines[index].second, inner);
  }
}

void CertificatesView::render(const tui::Snapshot& snapshot, tui::Canvas& canvas) {
  const tui::Glyphs& glyphs = tui::glyphs_for(snapshot.ascii);
  Rect area = canvas.bounds();
  auto listing = source_ ? source_(snapshot) : nullptr;
  if (!listing || !listing->loaded || !listing->error.empty()) {
    canvas.box(area, "Certificates", {Role::kBorder, kAttrNone}, snapshot.ascii);
    bool failed = listing && !listing->error.empty();
    canvas.text(2, 1, failed ? listing->error : "reading the certificate directory...",
                {failed ? Role::kCrit : Role::kMuted, kAttrNone}, area.inset(1));
  } else {
    std::int64_t now = unix_now(snapshot, *listing);
    fill_table(*listing, now);
    int table_height = std::max(5, area.height * 11 / 20);
    Rect table_box{area.x, area.y, area.width, std::min(table_height, area.height)};
    canvas.box(table_box, "Certificates " + table_.count_label() + "  " + listing->directory.string(),
               {details_focused_ ? Role::kBorder : Role::kAccent, kAttrNone}, snapshot.ascii);
    table_.render(canvas, table_box.inset(1), glyphs, !details_focused_);
    if (table_box.bottom() < area.bottom()) {
      render_details(*listing, now, canvas,
                     Rect{area.x, table_box.bottom(), area.width, area.bottom() - table_box.bottom()},
                     snapshot.ascii);
    }
  }
  if (form_) {
    int width = std::min(area.width, 76);
    int height = std::min(area.height, static_cast<int>(form_->field_count()) + 6);
    form_->render(canvas,
                  Rect{area.x + (area.width - width) / 2, area.y + (area.height - height) / 2, width, height},
                  glyphs);
  }
  if (confirm_) {
    confirm_->render(canvas, area, glyphs);
  }
}

tui::HandleResult CertificatesView::on_overlay_key(const tui::Key& key) {
  if (confirm_) {
    confirm_->on_key(key);
    if (confirm_->pending()) {
      return tui::HandleResult::redraw();
    }
    bool confirmed = confirm_->confirmed();
    confirm_.reset();
    return confirmed ? tui::HandleResult::run(pending_) : tui::HandleResult::redraw();
  }
  form_->on_key(key);
  if (form_->state() == tui::Form::State::kEditing) {
    return tui::HandleResult::redraw();
  }
  bool submitted = form_->state() == tui::Form::State::kSubmitted;
  tui::Command command = !submitted ? tui::Command{}
                         : form_purpose_ == FormPurpose::kCreate
                             ? create_certificate_command(*form_)
                             : export_command(*form_, pending_.args.at(0), pending_.args.at(1));
  form_.reset();
  return submitted ? tui::HandleResult::run(std::move(command)) : tui::HandleResult::redraw();
}

tui::HandleResult CertificatesView::start_action(char32_t action, const certs::CertsSnapshot& listing) {
  const certs::CertificateInfo* info = selected(listing);
  if (info == nullptr) {
    return tui::HandleResult::redraw();
  }
  std::string kind(certs::to_string(info->kind));
  if (action == U'r') {
    pending_ = tui::Command{std::string(certs::kRenewCommand), {kind, info->name}};
    confirm_.emplace("Renew", "Issue a new certificate for " + info->name + " (" + kind +
                                  ") with the same key and names? The current certificate file is replaced.");
  } else if (action == U'x') {
    pending_ = tui::Command{std::string(certs::kRevokeCommand), {kind, info->name}};
    confirm_.emplace("Revoke",
                     "Revoke " + info->name + " (serial " + info->serial +
                         ")? Its CA's CRL will list it; this cannot be undone. Type the name to confirm.",
                     info->name);
  } else if (action == U'e') {
    if (info->kind == certs::CertKind::kCa) {
      confirm_.emplace("Export", "A CA's key never leaves cas/: export its certificate file instead.");
      pending_ = tui::Command{std::string(certs::kRefreshCommand), {}};
      return tui::HandleResult::redraw();
    }
    pending_ = tui::Command{std::string(certs::kExportCommand), {kind, info->name}};
    form_ = make_export_form(info->name);
    form_purpose_ = FormPurpose::kExport;
  }
  return tui::HandleResult::redraw();
}

tui::HandleResult CertificatesView::on_key(const tui::Key& key, const tui::Snapshot& snapshot) {
  if (confirm_ || form_) {
    return on_overlay_key(key);
  }
  auto listing = source_ ? source_(snapshot) : nullptr;
  if (!table_.editing_filter()) {
    if (key.is_char(U'n')) {
      form_ = make_create_certificate_form(first_ca(listing));
      form_purpose_ = FormPurpose::kCreate;
      return tui::HandleResult::redraw();
    }
    if (key.is_char(U'R')) {
      return tui::HandleResult::run(tui::Command{std::string(certs::kRefreshCommand), {}});
    }
    // Tab belongs to the console (next view), so the detail pane takes the focus with `d`.
    if (key.is_char(U'd')) {
      details_focused_ = !details_focused_;
      return tui::HandleResult::redraw();
    }
    if ((key.is_char(U'r') || key.is_char(U'x') || key.is_char(U'e')) && listing) {
      return start_action(key.ch, *listing);
    }
    if (details_focused_) {
      int step = key.code == tui::Key::Code::kPageDown                    ? detail_height_
                 : key.code == tui::Key::Code::kPageUp                    ? -detail_height_
                 : key.code == tui::Key::Code::kDown || key.is_char(U'j') ? 1
                 : key.code == tui::Key::Code::kUp || key.is_char(U'k')   ? -1
                                                                          : 0;
      if (step != 0) {
        detail_scroll_ = std::max(0, detail_scroll_ + step);
        return tui::HandleResult::redraw();
      }
    }
  }
  const tui::TableRow* before = table_.selected_row();
  std::string before_id = before != nullptr ? before->id : "";
  if (!table_.on_key(key)) {
    return tui::HandleResult::ignored();
  }
  const tui::TableRow* after = table_.selected_row();
  if ((after != nullptr ? after->id : "") != before_id) {
    detail_scroll_ = 0;  // a new certificate's details start at the top
  }
  return tui::HandleResult::redraw();
}

}  // namespace opsdeck::views
