using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Admin.Contracts;

/// <summary>The admin codes people see as texts (<see cref="TextVocabulary"/>).</summary>
internal static class AdminVocabularies
{
    public static readonly TextVocabulary DeliveryChannel = new("webhooks.channel", "email", "webhook");

    public static readonly TextVocabulary DeliveryStatus = new("webhooks.status", "failed", "pending", "sent");

    /// <summary>The background jobs by name; <c>JobTests</c> checks every registered job is here.</summary>
    public static readonly TextVocabulary JobName = new("jobs.name",
        "attendance-alerts", "audit-sequencer", "backup", "mandatory-invites", "monthly-report", "needs-analysis", "notification-delivery",
        "orphan-file-sweep", "points-monthly-board", "qualification-daily", "sector-words", "standing-fold", "workflow-deadlines");

    public static readonly TextVocabulary JobOutcome = new("jobs.outcome", "failed", "succeeded");

    public static readonly TextVocabulary HealthPart = new("health.part", "database", "face_counter", "file_store", "job_runner", "pdf_font", "replica", "smtp");

    public static readonly TextVocabulary WebhookKind = new("webhooks.kind", "dingtalk", "feishu", "wecom");
}
