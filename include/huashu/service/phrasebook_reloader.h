// Hot reload: picks up an edited phrasebook without a restart. A good edit is swapped in
// atomically (answers in progress finish with the old one); a broken edit is reported with
// file, line and reason, and the old phrasebook keeps serving.
//
//   PhrasebookReloader reloader("phrasebook", normalizer, service);
//   reloader.check();   // call now and then (the serve command does, every second)
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "huashu/phrasebook/phrasebook.h"
#include "huashu/service/service.h"
#include "huashu/text/normalizer.h"

namespace huashu::service {

class PhrasebookReloader {
public:
    enum class Outcome { unchanged, reloaded, rejected };
    struct Report {
        Outcome outcome = Outcome::unchanged;
        std::vector<phrasebook::LoadProblem> problems;  // when rejected
        std::size_t entries = 0;                        // serving now
    };

    // Remembers the folder as it is now; the service is assumed to serve what it holds.
    PhrasebookReloader(std::filesystem::path directory, std::shared_ptr<const text::Normalizer> normalizer,
                       Service& service);

    // Reloads when any *.phrases file was added, removed or changed since the last check.
    // A rejected edit is not retried until the files change again. Thread-safe.
    Report check();

private:
    struct FileStamp {
        std::string name;
        std::uintmax_t size = 0;
        std::int64_t modified_ns = 0;
        bool operator==(const FileStamp&) const = default;
    };
    std::vector<FileStamp> stamp() const;

    std::filesystem::path directory_;
    std::shared_ptr<const text::Normalizer> normalizer_;
    Service& service_;
    std::mutex mutex_;
    std::vector<FileStamp> last_;  // GUARDED_BY(mutex_)
};

}  // namespace huashu::service
