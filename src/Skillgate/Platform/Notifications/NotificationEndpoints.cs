using Skillgate.Platform.Auth;

namespace Skillgate.Platform.Notifications;

internal static class NotificationEndpoints
{
    public static void MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me/notification-preferences").WithTags("Notifications");
        me.MapGet("/", (NotificationSettings h, CancellationToken ct) => h.PreferencesAsync(ct))
            .WithName("GetNotificationPreferences").WithSummary("The signed-in user's delivery preferences: e-mail (own address or the employee record's), daily digest.")
            .RequireAuthorization();
        me.MapPut("/", (PreferenceInput input, NotificationSettings h, CancellationToken ct) => h.SavePreferencesAsync(input, ct))
            .WithName("SaveNotificationPreferences").WithSummary("Change the signed-in user's delivery preferences.").RequireAuthorization();

        var hooks = app.MapGroup("/api/v1/webhooks").WithTags("Notifications");
        hooks.MapGet("/", (NotificationSettings h, CancellationToken ct) => h.WebhooksAsync(ct))
            .WithName("ListWebhooks").WithSummary("Chat-bot webhooks (DingTalk, WeCom, Feishu) and the notification kinds each relays.").RequireAuthorization(Permissions.Webhooks);
        hooks.MapPost("/", async (WebhookInput input, NotificationSettings h, CancellationToken ct) =>
            {
                var created = await h.CreateWebhookAsync(input, ct);
                return TypedResults.Created($"/api/v1/webhooks/{created.Id}", created);
            })
            .WithName("CreateWebhook").WithSummary("Add a robot webhook (URL and, for DingTalk and Feishu, the signing secret).").RequireAuthorization(Permissions.Webhooks);
        hooks.MapPost("/{id:guid}/deactivate", async (Guid id, NotificationSettings h, CancellationToken ct) =>
            {
                await h.DeactivateWebhookAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeactivateWebhook").WithSummary("Stop posting to a webhook.").RequireAuthorization(Permissions.Webhooks);
        hooks.MapPost("/{id:guid}/test", async (Guid id, NotificationSettings h, CancellationToken ct) =>
            {
                await h.TestWebhookAsync(id, ct);
                return TypedResults.Accepted("/api/v1/deliveries");
            })
            .WithName("TestWebhook").WithSummary("Queue a test message; the delivery log shows the robot's answer.").RequireAuthorization(Permissions.Webhooks);
        app.MapGet("/api/v1/deliveries", (string? status, int? max, NotificationSettings h, CancellationToken ct) => h.DeliveriesAsync(status, max ?? 100, ct))
            .WithTags("Notifications").WithName("ListDeliveries").WithSummary("The delivery log: e-mails and webhook posts with status, attempts and the last error.")
            .RequireAuthorization(Permissions.Webhooks);
    }
}
