#include <charconv>
#include <csignal>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <filesystem>
#include <iostream>
#include <thread>

#include "arguments.h"
#include "commands.h"
#include "engine_loading.h"
#include "settings_loading.h"
#include "huashu/net/server.h"
#include "huashu/service/phrasebook_reloader.h"

namespace huashu::cli {

namespace {

constexpr auto kPhrasebookPollInterval = std::chrono::seconds(1);

constexpr const char* kServeUsage = R"(usage: huashu serve [OPTIONS]

  --listen HOST:PORT     where to listen (default 127.0.0.1:8765; port 0 picks a free port)
  --phrasebook DIR       phrasebook folder (default phrasebook)
  --db FILE              SQLite event log, created with its schema if missing (default var/huashu.db)
  --tokens FILE          users allowed to connect, one 'ROLE USER TOKEN' per line
                         (default: the file 'tokens' in the --db folder, created with
                          a demo user per role if missing)
  --threads N            I/O threads (default: number of cores)
  --max-queued-frames N  frames waiting for one client before it is disconnected (default 1024);
                         reading a client pauses at 64 waiting frames (or N/2 if smaller)
  --allow-origin ORIGIN  browser origin allowed to connect (repeatable; default: the service's own)
  --config FILE          service hours and thresholds (default: ./huashu.conf when present)
  --scenarios DIR        practice scenarios (default simulator/scenarios when present)

The phrasebook folder is checked every second; an edit that loads is swapped in, a broken
one is reported (here and in /healthz) while the previous phrasebook keeps serving.
)";

bool parse_listen(const std::string& text, net::ServerOptions& options) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    unsigned int port = 0;
    const char* begin = text.data() + colon + 1;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(begin, end, port);
    if (ec != std::errc() || ptr != end || port > 65535) return false;
    options.host = text.substr(0, colon);
    options.port = static_cast<std::uint16_t>(port);
    return true;
}

// The tokens to use: the named file, or var/tokens next to the database, created on first start.
Result<service::TokenTable> load_tokens(const std::optional<std::string>& file, const std::string& db_path) {
    if (file) return service::TokenTable::load(*file);
    std::filesystem::path folder = std::filesystem::path(db_path).parent_path();
    const std::filesystem::path path = (folder.empty() ? std::filesystem::path(".") : folder) / "tokens";
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        std::cout << "huashu: using demo tokens from " << path.string() << " (pass --tokens FILE for real users)\n";
        return service::TokenTable::load(path);
    }
    auto created = service::TokenTable::create_demo_file(path);
    if (created) {
        std::cout << "huashu: created " << path.string()
                  << " with a demo user and token for each role (agent, trainee, supervisor, simulator)\n";
    }
    return created;
}

// Polls the phrasebook folder once a second and says what a reload did.
void watch_phrasebook(service::PhrasebookReloader& reloader, std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    while (!stop.stop_requested()) {
        // Wakes early only when stop is requested; the predicate has nothing else to wait for.
        wake.wait_for(lock, stop, kPhrasebookPollInterval, [] { return false; });
        if (stop.stop_requested()) break;
        const auto report = reloader.check();
        if (report.outcome == service::PhrasebookReloader::Outcome::reloaded) {
            std::cout << "huashu: phrasebook reloaded, " << report.entries << " entries" << std::endl;
        } else if (report.outcome == service::PhrasebookReloader::Outcome::rejected) {
            std::cerr << "huashu: phrasebook edit rejected, still serving the previous one (" << report.entries
                      << " entries):\n";
            for (const auto& problem : report.problems) std::cerr << "  " << problem.to_string() << '\n';
        }
    }
}

}  // namespace

int serve_command(const std::vector<std::string>& args) {
    Arguments arguments(args, {"--listen", "--phrasebook", "--db", "--tokens", "--threads", "--max-queued-frames", "--allow-origin", "--config",
                         "--scenarios"},
                        {"--help"});
    if (!arguments.ok() || arguments.flag("--help") || !arguments.positionals().empty()) {
        if (!arguments.ok()) std::cerr << "huashu serve: " << arguments.error() << '\n';
        (arguments.flag("--help") ? std::cout : std::cerr) << kServeUsage;
        return arguments.flag("--help") ? 0 : 2;
    }
    net::ServerOptions server_options;
    if (auto listen = arguments.value("--listen"); listen && !parse_listen(*listen, server_options)) {
        std::cerr << "huashu serve: --listen takes HOST:PORT, for example 127.0.0.1:8765\n";
        return 2;
    }
    server_options.threads = std::max(1U, std::thread::hardware_concurrency());
    const auto read_count = [&](const char* flag, std::size_t max, std::size_t& out) {
        const auto text = arguments.value(flag);
        if (!text) return true;
        std::size_t n = 0;
        auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
        if (ec != std::errc() || ptr != text->data() + text->size() || n == 0 || n > max) {
            std::cerr << "huashu serve: " << flag << " takes a number from 1 to " << max << '\n';
            return false;
        }
        out = n;
        return true;
    };
    if (!read_count("--threads", 256, server_options.threads) ||
        !read_count("--max-queued-frames", 1'000'000, server_options.max_queued_frames)) {
        return 2;
    }
    // Backpressure must engage before the hard limit drops anyone.
    server_options.pause_reading_at_queued_frames =
        std::min(server_options.pause_reading_at_queued_frames, std::max<std::size_t>(1, server_options.max_queued_frames / 2));
    server_options.allowed_origins = arguments.values("--allow-origin");
    const std::string phrasebook_dir = arguments.value("--phrasebook").value_or("phrasebook");
    const std::string db_path = arguments.value("--db").value_or("var/huashu.db");

    const auto settings = load_command_settings(arguments, std::cerr);
    if (!settings) return 1;
    auto normalizer = text::Normalizer::create();
    if (!normalizer) {
        std::cerr << "huashu: " << normalizer.error().message << '\n';
        return 1;
    }
    auto assistant = load_assistant(phrasebook_dir, std::cerr, *normalizer);
    if (!assistant) return 1;
    auto store = storage::open_sqlite_event_store(db_path);
    if (!store) {
        std::cerr << "huashu: cannot use the event log: " << store.error().message << '\n';
        if (store.error().code == ErrorCode::corruption) {
            std::cerr << "huashu: the file was left untouched; move it aside or pass another --db FILE\n";
        }
        return 1;
    }
    auto tokens = load_tokens(arguments.value("--tokens"), db_path);
    if (!tokens) {
        std::cerr << "huashu: " << tokens.error().message << '\n';
        return 1;
    }

    // A file-size limit (ulimit -f, a quota) must fail a write, not kill the service: with
    // SIGXFSZ ignored the write returns EFBIG, the event log reports storage_unavailable, and
    // suggestions go on.
    std::signal(SIGXFSZ, SIG_IGN);
    SystemClock clock;
    service::ServiceOptions service_options;
    service_options.kpis = settings->kpis;
    service_options.nudges[0].after_ms = settings->nudge_reply_now_ms;
    service_options.nudges[1].after_ms = settings->nudge_overtime_ms;
    service_options.nudges[2].after_ms = settings->nudge_soothe_ms;
    service_options.practice.weights = settings->score_weights;
    service_options.practice.thresholds = {settings->kpis.fast_reply_ms, settings->kpis.overtime_ms,
                                           settings->kpis.three_minute_ms};
    const std::optional<std::string> scenarios_dir = arguments.value("--scenarios");
    if (scenarios_dir || std::filesystem::is_directory("simulator/scenarios")) {
        auto folder = std::make_shared<simulator::ScenarioFolder>(
            simulator::load_scenario_folder(scenarios_dir.value_or("simulator/scenarios")));
        if (!folder->problems.empty()) {
            std::cerr << "huashu: scenario files with problems are left out of practice:\n";
            for (const std::string& problem : folder->problems) std::cerr << "  " << problem << '\n';
            if (scenarios_dir && folder->scenarios.empty()) return 1;
        }
        service_options.practice.scenarios = std::move(folder);
    }
    service::Service service(service_options, std::move(*tokens), assistant, **store, clock);
    net::Server server(server_options, service);
    service.set_scheduler(&server.scheduler());
    auto bound = server.start();
    if (!bound) {
        std::cerr << "huashu: " << bound.error().message << '\n';
        return 1;
    }
    service::PhrasebookReloader reloader(phrasebook_dir, *normalizer, service);
    std::jthread watcher([&reloader](std::stop_token stop) { watch_phrasebook(reloader, stop); });
    std::cout << "huashu: serving " << bound->websocket_url() << " with " << assistant->suggestions->entry_count()
              << " phrasebook entries from " << phrasebook_dir << ", logging to " << db_path << std::endl;
    server.run();
    watcher.request_stop();
    watcher.join();
    std::cout << "huashu: stopped" << std::endl;
    return 0;
}

}  // namespace huashu::cli
