using Microsoft.AspNetCore.Mvc;
using Skillgate.Platform.Notifications;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Account;

/// <summary>The signed-in user's in-app inbox (reminders, alerts, needs and later workflow tasks) and how else they want to be told.</summary>
internal sealed class NotificationsModel(NotificationService notifications, NotificationSettings settings) : SkillgatePage
{
    public IReadOnlyList<NotificationDto> Items { get; private set; } = [];

    public PreferenceDto Preferences { get; private set; } = new(null, null, true, false, true);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await notifications.MarkAllReadAsync(ct);
        return Redirect("/Account/Notifications");
    }

    public Task<IActionResult> OnPostPreferencesAsync(string? email, bool byEmail, bool dailyDigest, bool monthlyReport, CancellationToken ct) =>
        Attempt(async () =>
        {
            await settings.SavePreferencesAsync(new PreferenceInput(email, byEmail, dailyDigest, monthlyReport), ct);
            Flash(HttpContext.RequestServices.GetRequiredService<Platform.Localization.Texts>()["action.saved"]);
            return Redirect("/Account/Notifications");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });

    private async Task LoadAsync(CancellationToken ct)
    {
        Items = await notifications.MineAsync(200, ct);
        Preferences = await settings.PreferencesAsync(ct);
    }
}
