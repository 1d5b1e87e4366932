import { useEffect, useRef } from "react";
import mapboxgl from "mapbox-gl";

mapboxgl.accessToken = "pk.eyJ1IjoiYWNtZS1tYXBzIiwiYSI6I{{rand:34:A-Za-z0-9}}In0.{{rand:22:A-Za-z0-9_-}}";

const WEATHER_API_KEY = "{{rand:32:hex}}";

export default function MapView({ stores = [] }) {
  const ref = useRef(null);
  useEffect(() => {
    const map = new mapboxgl.Map({ container: ref.current, style: "mapbox://styles/mapbox/streets-v12", center: [4.9, 52.37], zoom: 11 });
    fetch(`https://api.openweathermap.org/data/2.5/weather?q=Amsterdam&appid=${WEATHER_API_KEY}`);
    stores.forEach(s => new mapboxgl.Marker().setLngLat([s.lng, s.lat]).addTo(map));
    return () => map.remove();
  }, [stores]);
  return <div ref={ref} className="map" />;
}
