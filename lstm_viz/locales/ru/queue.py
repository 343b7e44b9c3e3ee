"""Russian texts: the training queue (lstm_viz.runs.queue) and the texts kept for runs (lstm_viz.runs.texts)."""

TEXTS: dict[str, str] = {
    "queue.full": "Сервер занят: в очереди уже {limit:plural:запуск|запуска|запусков}. Попробуйте через несколько минут.",
    "queue.session_limit": "У вас уже {count} {runs} в очереди или в обучении: дождитесь конца одного из них или остановите его.",
    "plural.run": "запуск|запуска|запусков",
    "queue.waiting": "{label}: {place} в очереди, начнётся примерно через {eta}.",
    "queue.waiting_soon": "{label}: {place} в очереди, вот-вот начнётся.",
    "queue.ordinal": "{n}{suffix}",
    "queue.ordinal_suffixes": "-й",
    "queue.seconds": "{seconds} с",
    "queue.minutes": "{minutes} мин",
    "queue.expected": "Около {time} на этом сервере (по уже законченным здесь обучениям).",
    "queue.expected_first": "Около {time} (оценка по числу обновлений весов; первое обучение здесь измерит скорость этого сервера).",
    "queue.stopped_queued": "Остановлено до начала: ничего не обучено.",
    "queue.joined": "Такой же запуск уже в очереди или обучается: он показан здесь.",
    "texts.missing": "Текста, на котором обучается этот запуск, больше нет на сервере: вставьте или загрузите его снова.",
    "texts.bad_digest": "Это не отпечаток сохранённого текста.",
}
