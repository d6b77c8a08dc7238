// An ordered, bounded work pipeline for the offline verifier: the caller
// feeds items in order, worker threads do each item's independent (costly)
// part in any order, and the caller takes them back in the original order
// for its sequential part. At most a fixed number of batches is in flight,
// so memory does not grow with the input; the calling thread does pending
// work itself while it waits, so N threads means N busy cores.
#ifndef GONGXIN_VERIFIER_ORDERED_PIPELINE_H_
#define GONGXIN_VERIFIER_ORDERED_PIPELINE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace gongxin::verifier {

template <typename Item>
class OrderedPipeline {
 public:
  using Work = std::function<void(Item&)>;
  using Consume = std::function<absl::Status(Item&)>;

  // `workers` threads besides the caller's (0: everything on the caller's
  // thread, in order). A batch closes at `batch_items` items or
  // `batch_bytes` bytes as counted by Add's caller.
  OrderedPipeline(unsigned workers, Work work, size_t batch_items, size_t batch_bytes)
      : work_(std::move(work)),
        batch_items_(batch_items),
        batch_bytes_(batch_bytes),
        max_in_flight_(2 * static_cast<size_t>(workers) + 1) {
    for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { WorkerLoop(); });
  }

  ~OrderedPipeline() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    work_ready_.notify_all();
    for (std::thread& t : threads_) t.join();
  }

  OrderedPipeline(const OrderedPipeline&) = delete;
  OrderedPipeline& operator=(const OrderedPipeline&) = delete;

  // Add queues `item` (of `bytes` bytes) and, when too many batches are in
  // flight, consumes the oldest first. A consume error stops everything and
  // is returned.
  absl::Status Add(Item item, size_t bytes, const Consume& consume) {
    if (current_ == nullptr) current_ = std::make_unique<Batch>();
    current_->items.push_back(std::move(item));
    current_bytes_ += bytes;
    if (current_->items.size() >= batch_items_ || current_bytes_ >= batch_bytes_) {
      Submit();
      while (in_flight_.size() >= max_in_flight_) {
        absl::Status s = ConsumeOldest(consume);
        if (!s.ok()) return s;
      }
    }
    return absl::OkStatus();
  }

  // Drain consumes every item added so far, in order.
  absl::Status Drain(const Consume& consume) {
    Submit();
    while (!in_flight_.empty()) {
      absl::Status s = ConsumeOldest(consume);
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  }

 private:
  struct Batch {
    std::vector<Item> items;
    bool done = false;  // guarded by mu_
  };

  void Submit() {
    if (current_ == nullptr || current_->items.empty()) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      todo_.push_back(current_.get());
    }
    in_flight_.push_back(std::move(current_));
    current_bytes_ = 0;
    work_ready_.notify_one();
  }

  void Run(Batch* batch) {
    for (Item& item : batch->items) work_(item);
  }

  void WorkerLoop() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      work_ready_.wait(lock, [this] { return stop_ || !todo_.empty(); });
      if (stop_) return;
      Batch* batch = todo_.front();
      todo_.pop_front();
      lock.unlock();
      Run(batch);
      lock.lock();
      batch->done = true;
      batch_done_.notify_all();
    }
  }

  absl::Status ConsumeOldest(const Consume& consume) {
    Batch* oldest = in_flight_.front().get();
    {
      std::unique_lock<std::mutex> lock(mu_);
      while (!oldest->done) {
        if (!todo_.empty()) {
          // Help rather than wait: take the next batch nobody has started.
          Batch* batch = todo_.front();
          todo_.pop_front();
          lock.unlock();
          Run(batch);
          lock.lock();
          batch->done = true;
          batch_done_.notify_all();
        } else {
          batch_done_.wait(lock);
        }
      }
    }
    for (Item& item : oldest->items) {
      absl::Status s = consume(item);
      if (!s.ok()) return s;
    }
    in_flight_.pop_front();
    return absl::OkStatus();
  }

  const Work work_;
  const size_t batch_items_;
  const size_t batch_bytes_;
  const size_t max_in_flight_;
  std::vector<std::thread> threads_;
  // Owned by the caller's thread: the batches not yet consumed, oldest first.
  std::deque<std::unique_ptr<Batch>> in_flight_;
  std::unique_ptr<Batch> current_;
  size_t current_bytes_ = 0;

  std::mutex mu_;
  std::condition_variable work_ready_;
  std::condition_variable batch_done_;
  std::deque<Batch*> todo_;  // submitted, not started; guarded by mu_
  bool stop_ = false;        // guarded by mu_
};

}  // namespace gongxin::verifier

#endif  // GONGXIN_VERIFIER_ORDERED_PIPELINE_H_
