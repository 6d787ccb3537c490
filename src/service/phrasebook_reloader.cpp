#include "huashu/service/phrasebook_reloader.h"

#include <algorithm>

namespace huashu::service {

PhrasebookReloader::PhrasebookReloader(std::filesystem::path directory, std::shared_ptr<const text::Normalizer> normalizer,
                                       Service& service)
    : directory_(std::move(directory)), normalizer_(std::move(normalizer)), service_(service), last_(stamp()) {}

std::vector<PhrasebookReloader::FileStamp> PhrasebookReloader::stamp() const {
    std::vector<FileStamp> stamps;
    std::error_code ec;
    for (const auto& item : std::filesystem::directory_iterator(directory_, ec)) {
        if (item.path().extension() != ".phrases") continue;
        std::error_code file_ec;
        const auto size = item.file_size(file_ec);
        const auto modified = item.last_write_time(file_ec);
        if (file_ec) continue;
        stamps.push_back({item.path().filename().string(), size,
                          static_cast<std::int64_t>(modified.time_since_epoch().count())});
    }
    std::sort(stamps.begin(), stamps.end(), [](const FileStamp& a, const FileStamp& b) { return a.name < b.name; });
    return stamps;
}

PhrasebookReloader::Report PhrasebookReloader::check() {
    std::lock_guard lock(mutex_);
    Report report;
    std::vector<FileStamp> now = stamp();
    if (now == last_) {
        report.entries = service_.assistant()->suggestions->entry_count();
        return report;
    }
    last_ = std::move(now);
    phrasebook::LoadReport loaded = phrasebook::load_directory(directory_);
    if (!loaded.ok()) {
        report.outcome = Outcome::rejected;
        report.problems = std::move(loaded.problems);
        report.entries = service_.assistant()->suggestions->entry_count();
        service_.set_phrasebook_problems(report.problems);
        return report;
    }
    auto assistant = engine::Assistant::build(std::make_shared<const phrasebook::Phrasebook>(std::move(*loaded.phrasebook)),
                                              normalizer_);
    if (!assistant) {
        report.outcome = Outcome::rejected;
        report.problems.push_back({directory_.string(), 0, "", assistant.error().message});
        report.entries = service_.assistant()->suggestions->entry_count();
        service_.set_phrasebook_problems(report.problems);
        return report;
    }
    report.outcome = Outcome::reloaded;
    report.entries = (*assistant)->suggestions->entry_count();
    service_.replace_assistant(std::move(*assistant));
    service_.set_phrasebook_problems({});
    return report;
}

}  // namespace huashu::service
