using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Notifications;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Admin.Webhooks;

/// <summary>Chat-bot webhooks and the delivery log of e-mails and posts.</summary>
[Authorize(Policy = Permissions.Webhooks)]
internal sealed class IndexModel(NotificationSettings settings) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public IReadOnlyList<WebhookDto> Hooks { get; private set; } = [];

    public IReadOnlyList<DeliveryDto> Deliveries { get; private set; } = [];

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(string name, string kind, string url, string? secret, string? kinds, CancellationToken ct) =>
        ChangeAsync(Permissions.Webhooks, () => settings.CreateWebhookAsync(
            new WebhookInput(name, kind, url, secret, (kinds ?? "").Split([',', '，', ' '], StringSplitOptions.RemoveEmptyEntries)), ct), "/Admin/Webhooks", () => LoadAsync(ct));

    public Task<IActionResult> OnPostDeactivateAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(Permissions.Webhooks, () => settings.DeactivateWebhookAsync(id, ct), "/Admin/Webhooks", () => LoadAsync(ct));

    public Task<IActionResult> OnPostTestAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(Permissions.Webhooks, () => settings.TestWebhookAsync(id, ct), "/Admin/Webhooks", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Hooks = await settings.WebhooksAsync(ct);
        Deliveries = await settings.DeliveriesAsync(Status, 100, ct);
    }
}
