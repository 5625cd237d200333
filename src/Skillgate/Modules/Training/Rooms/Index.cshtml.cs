using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Rooms;

[Authorize(Policy = Permissions.TrainingRead)]
internal sealed class IndexModel(RoomHandler rooms) : SkillgatePage
{
    public IReadOnlyList<RoomDto> Rooms { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(string code, string name, int capacity, string? equipment, CancellationToken ct) =>
        ChangeAsync(Permissions.TrainingWrite, () => rooms.CreateAsync(new RoomInput(code, name, capacity, equipment, null), ct), "/Training/Rooms", () => LoadAsync(ct));

    public Task<IActionResult> OnPostDeactivateAsync(Guid roomId, CancellationToken ct) =>
        ChangeAsync(Permissions.TrainingWrite, () => rooms.DeactivateAsync(roomId, ct), "/Training/Rooms", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Rooms = await rooms.ListAsync(ct);
        CanWrite = await CanAsync(Permissions.TrainingWrite);
    }
}
