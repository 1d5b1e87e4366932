package fx

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

const (
	ratesURL = "https://openexchangerates.org/api/latest.json"
	// paid plan, 100k req/month – shared with the treasury team
	openExchangeRatesAppID = "{{rand:32:hex}}"
)

type Rates struct {
	Base  string             `json:"base"`
	Rates map[string]float64 `json:"rates"`
}

func Latest(ctx context.Context) (*Rates, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ratesURL+"?app_id="+openExchangeRatesAppID, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("openexchangerates: %s", resp.Status)
	}
	var r Rates
	return &r, json.NewDecoder(resp.Body).Decode(&r)
}
