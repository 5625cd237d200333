using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Modules.Points.Rules;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points.Store;

/// <summary>HR keeps the store's items: add one, or pick one to restock, reprice, offer to other units or withdraw.</summary>
[Authorize(Policy = Permissions.PointsConfigure)]
internal sealed class ItemsModel(StoreHandler store, RuleHandler rules) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid? Id { get; set; }

    [BindProperty]
    public ItemForm Form { get; set; } = new();

    public IReadOnlyList<StoreItemDto> Items { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name, int Depth)> Units { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Items.FirstOrDefault(i => i.Id == Id) is { } item)
        {
            Form = new ItemForm
            {
                Code = item.Code, Name = item.Name, Kind = item.Kind, Price = item.Price, Stock = item.Stock, StockSeen = item.Stock, PerPersonLimit = item.PerPersonLimit,
                OrgUnitIds = [.. item.OrgUnitIds], Active = item.Active,
            };
        }
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        ChangeAsync(Permissions.PointsConfigure, async () => await store.SaveItemAsync(Id, Form.ToInput(), ct), "/Points/Store/Items", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Items = await store.ItemsAsync(true, ct);
        Units = (await rules.OptionsAsync(ct)).Units;
    }

    internal sealed class ItemForm
    {
        public string? Code { get; set; }

        public string? Name { get; set; }

        public string? Kind { get; set; }

        public int? Price { get; set; }

        public int? Stock { get; set; }

        /// <summary>The stock the form was filled with: a change applies the difference, so redemptions made meanwhile stay counted.</summary>
        public int? StockSeen { get; set; }

        public int? PerPersonLimit { get; set; }

        public List<Guid> OrgUnitIds { get; set; } = [];

        public bool Active { get; set; } = true;

        public StoreItemInput ToInput() => new(Code, Name, Kind, Price, Stock, PerPersonLimit, OrgUnitIds, Active, StockSeen);
    }
}
