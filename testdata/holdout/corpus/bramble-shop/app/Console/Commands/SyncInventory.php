<?php

namespace App\Console\Commands;

use App\Models\Product;
use Illuminate\Console\Command;
use Illuminate\Support\Facades\Http;

class SyncInventory extends Command
{
    protected $signature = 'inventory:sync {--dry-run}';
    protected $description = 'Pull stock levels from the wholesale Shopify store';

    private string $shop = 'bramble-wholesale.myshopify.com';
    private string $adminToken = 'shpat_{{rand:32:hex}}';

    public function handle(): int
    {
        $resp = Http::withHeaders(['X-Shopify-Access-Token' => $this->adminToken])
            ->get("https://{$this->shop}/admin/api/2024-01/inventory_levels.json", ['location_ids' => '71234567890']);

        foreach ($resp->json('inventory_levels', []) as $level) {
            $product = Product::where('shopify_inventory_item_id', $level['inventory_item_id'])->first();
            if (! $product) {
                continue;
            }
            $this->line("{$product->sku}: {$product->stock} -> {$level['available']}");
            if (! $this->option('dry-run')) {
                $product->update(['stock' => $level['available']]);
            }
        }

        return self::SUCCESS;
    }
}
