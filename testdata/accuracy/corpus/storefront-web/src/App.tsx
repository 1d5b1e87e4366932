import { BrowserRouter, Route, Routes } from "react-router-dom";
import Checkout from "./components/Checkout";
import ChatWidget from "./components/ChatWidget";
import MapView from "./components/MapView";
import LoginForm from "./components/LoginForm";

export default function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/checkout" element={<Checkout />} />
        <Route path="/stores" element={<MapView />} />
        <Route path="/login" element={<LoginForm />} />
      </Routes>
      <ChatWidget />
    </BrowserRouter>
  );
}
