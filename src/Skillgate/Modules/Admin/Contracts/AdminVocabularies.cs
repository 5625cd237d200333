using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Admin.Contracts;

/// <summary>The admin codes people see as texts (<see cref="TextVocabulary"/>).</summary>
internal static class AdminVocabularies
{
    public static readonly TextVocabulary DeliveryChannel = new("webhooks.channel", "email", "webhook");

    public static readonly TextVocabulary DeliveryStatus = new("webhooks.status", "failed", "pending", "sent");

    public static readonly TextVocabulary HealthPart = new("health.part", "database", "face_counter", "pdf_font");

    public static readonly TextVocabulary WebhookKind = new("webhooks.kind", "dingtalk", "feishu", "wecom");
}
